import { describe, expect, it } from 'vitest';
import { RepCounter, type CounterSpec } from './rep-counter.ts';

const spec: CounterSpec = { rest: 'high', minRange: 30, fullRange: 90, minPeriodMs: 500, maxPeriodMs: 20_000 };
const F = new Float64Array(1);

/** Feeds a knee-angle-like signal sampled at 30 Hz; returns the number of reps counted. */
function count(signal: (tMs: number) => number, ms: number, s: CounterSpec = spec): number {
  const c = new RepCounter(s, 1);
  let n = 0;
  for (let t = 0; t <= ms; t += 33) if (c.push(t, signal(t), F)) n++;
  return n;
}

/** Rest at 170, dips to 80 once per `period` ms. */
const reps = (period: number, depth = 90) => (t: number) => 170 - depth * Math.max(0, Math.sin((Math.PI * (t % period)) / period)) ** 2;

describe('RepCounter', () => {
  it('counts full cycles, each when the body is back up', () => {
    expect(count(reps(2000), 10_000 + 100)).toBe(5);
    expect(count(reps(2000), 9_000)).toBe(4); // the fifth rep is still on its way up
  });

  it('ignores swings smaller than the minimum range, and noise', () => {
    expect(count(reps(2000, 20), 20_000)).toBe(0);
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 16;
    expect(count(() => 170 + noise(), 20_000)).toBe(0);
  });

  it('does not count a bounce at the bottom as a second rep', () => {
    // Down to 80, up to 100, back to 80, then all the way up: one rep.
    const bounce = (t: number) => (t < 1000 ? 170 - 0.09 * t : t < 1500 ? 80 + 0.04 * (t - 1000) : t < 2000 ? 100 - 0.04 * (t - 1500) : Math.min(170, 80 + 0.09 * (t - 2000)));
    expect(count(bounce, 5000)).toBe(1);
  });

  it('enforces the minimum rep period (a fast jitter is not a set of reps)', () => {
    expect(count(reps(300), 6000)).toBe(0);
    expect(count(reps(300), 6000, { ...spec, minPeriodMs: 100 })).toBeGreaterThan(15);
  });

  it('counts a rep that starts after a long rest (its start is when the body left rest)', () => {
    const late = (t: number) => (t < 30_000 ? 170 : reps(2000)(t - 30_000));
    const c = new RepCounter(spec, 1);
    const got: number[] = [];
    for (let t = 0; t <= 34_100; t += 33) { const r = c.push(t, late(t), F); if (r) got.push(r.startT); }
    expect(got).toHaveLength(2);
    expect(got[0]).toBeGreaterThan(29_000);
  });
});
