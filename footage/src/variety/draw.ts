/** Seeded drawing helpers shared by the look generators (random-look.ts, identities/identity-spec.ts). */
export { mulberry32 } from '@gym/shared/random.ts';

export type Rand = () => number;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const uni = (r: Rand, a: number, b: number): number => a + (b - a) * r();

/** HSV (h in degrees, s and v in 0..1) as a `#rrggbb` colour. */
export function hsv(h: number, s: number, v: number): string {
  const f = (n: number) => {
    const k = (n + h / 60) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return '#' + [f(5), f(3), f(1)].map((c) => Math.round(Math.max(0, Math.min(1, c)) * 255).toString(16).padStart(2, '0')).join('');
}
