import { describe, expect, it } from 'vitest';
import { meanUnit, RollingMean } from './vectors.ts';

function rand(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('RollingMean', () => {
  it('equals meanUnit over the last `size` vectors, however many went through', () => {
    const r = rand(3);
    const all: Float32Array[] = [];
    const m = new RollingMean(8);
    expect(m.mean()).toBeNull();
    for (let i = 0; i < 500; i++) {
      const v = Float32Array.from({ length: 64 }, () => (r() - 0.5) * (1 + 3 * r()));
      all.push(v);
      m.push(v);
      if (i % 37 === 0 || i === 499) {
        const want = meanUnit(all.slice(-8))!;
        const got = m.mean()!;
        for (let j = 0; j < 64; j++) expect(got[j]!).toBeCloseTo(want[j]!, 5);
      }
    }
    expect(m.count).toBe(8);
  });

  it('a vector of another length starts the window over; clear() empties it', () => {
    const m = new RollingMean(4);
    m.push([1, 0, 0]);
    m.push([0, 2]);
    expect(m.count).toBe(1);
    expect(Array.from(m.mean()!)).toEqual([0, 1]);
    m.clear();
    expect(m.mean()).toBeNull();
    expect(m.count).toBe(0);
    // After clear() the sum starts from zero again.
    m.push([0, 3]);
    m.push([4, 0]);
    const got = Array.from(m.mean()!);
    expect(got[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(got[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('a window of one is the last vector, and a bad size is refused', () => {
    const m = new RollingMean(1);
    for (const v of [[3, 4], [0, 5], [-2, 0]]) m.push(v);
    expect(Array.from(m.mean()!)).toEqual([-1, 0]);
    expect(m.count).toBe(1);
    expect(() => new RollingMean(0)).toThrow(/positive integer/);
  });
});
