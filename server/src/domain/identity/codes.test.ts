import { describe, expect, it } from 'vitest';
import { CODE_BITS, codeDistance, embeddingCode } from './codes.ts';

function rand(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

describe('embedding codes (random-hyperplane hashing)', () => {
  it('is deterministic: the same vector always gets the same 512-bit code', () => {
    const r = rand(1);
    const v = unit(Array.from({ length: 512 }, () => r() - 0.5));
    const c = embeddingCode(v);
    expect(c).toMatch(/^[01]{512}$/);
    expect(c.length).toBe(CODE_BITS);
    expect(embeddingCode(Float32Array.from(v))).toBe(c);
    // Scale does not change a direction's code.
    expect(embeddingCode(v.map((x) => x * 3))).toBe(c);
  });

  it('differing bits estimate the angle over π, also for all-positive (histogram-like) vectors', () => {
    const r = rand(2);
    for (const positive of [false, true]) {
      const a = unit(Array.from({ length: 512 }, () => (positive ? r() : r() - 0.5)));
      const noise = unit(Array.from({ length: 512 }, () => r() - 0.5));
      for (const k of [0.2, 0.6, 1.5]) {
        const b = unit(a.map((x, i) => x + k * noise[i]!));
        const cos = a.reduce((s, x, i) => s + x * b[i]!, 0);
        const expected = (Math.acos(Math.min(1, cos)) / Math.PI) * CODE_BITS;
        const got = codeDistance(embeddingCode(a), embeddingCode(b));
        // Binomial spread over 512 bits: sd ≤ 11.3 bits.
        expect(Math.abs(got - expected)).toBeLessThan(40);
      }
      // Codes are balanced even when every value is positive (the sign of raw values would be all ones).
      const ones = [...embeddingCode(a)].filter((c) => c === '1').length;
      expect(ones).toBeGreaterThan(150);
      expect(ones).toBeLessThan(362);
    }
  });

  it('estimates angles as well for other dimensions (zero-padded or wider than 512)', () => {
    const r = rand(5);
    for (const dim of [128, 1024]) {
      let err = 0;
      for (let i = 0; i < 40; i++) {
        const a = unit(Array.from({ length: dim }, () => r() - 0.5));
        const b = unit(a.map((x) => x + (r() * 1.5) * (r() - 0.5) * 2 / Math.sqrt(dim) * 10));
        const cos = a.reduce((s, x, j) => s + x * b[j]!, 0);
        err += Math.abs(codeDistance(embeddingCode(a), embeddingCode(b)) - (Math.acos(Math.min(1, cos)) / Math.PI) * CODE_BITS);
      }
      // Mean error well inside the ≈ 9-bit spread of independent hyperplanes.
      expect(err / 40).toBeLessThan(12);
    }
  });

  it('works for tiny vectors and refuses an empty one', () => {
    expect(embeddingCode(unit([1, 2, 3, 4]))).toMatch(/^[01]{512}$/);
    expect(() => embeddingCode([])).toThrow(/empty/);
  });
});
