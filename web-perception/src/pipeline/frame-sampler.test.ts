import { describe, expect, it } from 'vitest';
import { FrameSampler } from './frame-sampler.ts';

const takenOf = (s: FrameSampler, ts: number[]): number[] => ts.filter((t) => s.take(t));

describe('FrameSampler', () => {
  it('takes every third frame of a 30 fps stream at 10 fps, every fifth of 25 fps at 5 fps', () => {
    const t30 = Array.from({ length: 90 }, (_, i) => (i * 1000) / 30);
    const got = takenOf(new FrameSampler(10), t30);
    expect(got).toHaveLength(30);
    expect(got.slice(0, 4).map((t) => Math.round(t))).toEqual([0, 100, 200, 300]);
    const t25 = Array.from({ length: 100 }, (_, i) => i * 40);
    expect(takenOf(new FrameSampler(5), t25)).toEqual(t25.filter((_, i) => i % 5 === 0));
  });

  it('keeps the average rate on jittery timestamps and takes everything from a slower source', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const ts: number[] = [];
    for (let i = 0, t = 0; i < 600; i++, t += 33.3 + (rand() - 0.5) * 20) ts.push(t);
    const n = takenOf(new FrameSampler(8), ts).length;
    const expected = (ts[ts.length - 1]! / 1000) * 8;
    expect(Math.abs(n - expected) / expected).toBeLessThan(0.05);
    const slow = Array.from({ length: 20 }, (_, i) => i * 250); // a 4 fps source at 10 fps analysis
    expect(takenOf(new FrameSampler(10), slow)).toHaveLength(20);
  });

  it('does not burst to catch up after a gap in the stream, and restarts after the clock jumps back', () => {
    const s = new FrameSampler(10);
    const a = Array.from({ length: 30 }, (_, i) => (i * 1000) / 30);
    const b = Array.from({ length: 30 }, (_, i) => 5000 + (i * 1000) / 30);
    expect(takenOf(s, a)).toHaveLength(10);
    expect(takenOf(s, b)).toHaveLength(10); // not 10 + the 40 "missed" during the gap
    expect(s.take(0)).toBe(true);
  });
});
