/**
 * The skeleton a `person.seen` event carries for the console's overlay: 33 × [x, y, visibility], rounded to 3
 * decimals (a pixel of a 1000-px frame) so that the live stream stays small; z is dropped (the overlay is 2-D).
 */
import { LANDMARK_COUNT } from '@gym/shared';

export type OverlaySkeleton = [number, number, number][];

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const unit = (v: number) => Math.min(1, Math.max(0, v));

/** From the wire form (33 tuples or a flat float vector of 33 × 4); null when absent, short or not finite. */
export function overlaySkeleton(s: ArrayLike<number> | readonly (readonly number[])[] | null | undefined): OverlaySkeleton | null {
  if (!s || s.length === 0) return null;
  const out: OverlaySkeleton = [];
  const flat = typeof s[0] === 'number';
  if (flat ? s.length < LANDMARK_COUNT * 4 : s.length < LANDMARK_COUNT) return null;
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const [x, y, , v] = flat ? Array.from({ length: 4 }, (_, k) => (s as ArrayLike<number>)[i * 4 + k]!) : ((s as readonly (readonly number[])[])[i] ?? []);
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(v)) return null;
    out.push([r3(x!), r3(y!), r3(unit(v!))]);
  }
  return out;
}
