import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';
import { meanRepView, recogniseFeatures, scoreExercise } from './classifier.ts';
import type { CountedRep } from './rep-counter.ts';

/** Seeded 33-feature vectors, each value NaN with probability `nanRate`, else in [-100, 100). */
function featureVectors(seed: number, nanRate: number): () => Float64Array {
  let s = seed;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return () => Float64Array.from({ length: 33 }, () => (r() < nanRate ? NaN : r() * 200 - 100));
}

describe('meanRepView', () => {
  it('gives the same view written into reused arrays as in new ones (NaN-aware, last 8 reps)', () => {
    const vec = featureVectors(3, 0.1);
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

  it('computes only the features recognition reads, with the same score as the full view', () => {
    const vec = featureVectors(5, 0.05);
    const reps: CountedRep[] = [];
    const into = { rest: new Float64Array(33), far: new Float64Array(33) };
    for (let k = 0; k < 30; k++) {
      reps.push({ startT: k, farT: k, endT: k, amplitude: 1, restF: vec(), farF: vec() });
      const full = meanRepView(reps);
      for (const ex of CATALOGUE) {
        const only = recogniseFeatures(ex);
        expect(only.length).toBeGreaterThan(0);
        const part = meanRepView(reps, 8, into, only);
        for (let i = 0; i < 33; i++) {
          if (only.includes(i)) {
            expect(part.rest[i]).toBe(full.rest[i]);
            expect(part.far[i]).toBe(full.far[i]);
          } else {
            expect(part.rest[i]).toBeNaN();
          }
        }
        expect(scoreExercise(ex, part)).toBe(scoreExercise(ex, full));
      }
    }
  });
});
