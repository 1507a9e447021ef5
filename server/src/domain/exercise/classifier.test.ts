import { describe, expect, it } from 'vitest';
import { meanRepView } from './classifier.ts';
import type { CountedRep } from './rep-counter.ts';

describe('meanRepView', () => {
  it('gives the same view written into reused arrays as in new ones (NaN-aware, last 8 reps)', () => {
    let s = 3;
    const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const vec = () => Float64Array.from({ length: 33 }, () => (r() < 0.1 ? NaN : r() * 200 - 100));
    const reps: CountedRep[] = [];
    const into = { rest: new Float64Array(33), far: new Float64Array(33) };
    for (let k = 0; k < 40; k++) {
      reps.push({ startT: k, farT: k, endT: k, amplitude: 1, restF: vec(), farF: vec() });
      const fresh = meanRepView(reps);
      const reused = meanRepView(reps, 8, into);
      expect(reused.rest).toBe(into.rest);
      expect(Array.from(reused.rest)).toEqual(Array.from(fresh.rest));
      expect(Array.from(reused.far)).toEqual(Array.from(fresh.far));
    }
    // Wrong length: new arrays, `into` untouched.
    const small = { rest: new Float64Array(2), far: new Float64Array(2) };
    expect(meanRepView(reps, 8, small).rest).toHaveLength(33);
    expect(Array.from(small.rest)).toEqual([0, 0]);
  });
});
