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

  it('counts the reps after a setup swing that never returns to rest (hands raised to the shoulders, then pressed)', () => {
    // Rest 'low' signal (hands' height): from hanging (-1) up to the shoulders (0.6) in 1 s, then three presses
    // 0.6 -> 1.0 -> 0.6 of 2 s each, then the hands back down. The first swing's rest level is never seen again.
    const low: CounterSpec = { rest: 'low', minRange: 0.15, fullRange: 0.5, minPeriodMs: 600, maxPeriodMs: 20_000 };
    const press = (t: number) =>
      t < 1000 ? -1 + 1.6 * (t / 1000) : t < 7000 ? 0.8 - 0.2 * Math.cos((2 * Math.PI * (t - 1000)) / 2000) : Math.max(-1, 0.6 - 1.6 * ((t - 7000) / 1000));
    expect(count(press, 9000, low)).toBe(3);
    // A small dip at the top of a big swing is still a bounce, not a rep.
    const dip = (t: number) => (t < 1000 ? -1 + 2 * (t / 1000) : t < 1500 ? 1 - 0.1 * ((t - 1000) / 500) : t < 2000 ? 0.9 + 0.1 * ((t - 1500) / 500) : Math.max(-1, 1 - 2 * ((t - 2000) / 1000)));
    expect(count(dip, 4000, low)).toBe(1);
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

describe('RepCounter bookkeeping over a long run', () => {
  /** Reps of random depth and period, with a feature vector that records the time and the signal of each sample. */
  function run(featureCount: number, seed: number) {
    let s = seed;
    const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const c = new RepCounter(spec, featureCount);
    const f = new Float64Array(featureCount);
    const got: { rep: ReturnType<RepCounter['push']> & object; t: number; typical: number }[] = [];
    const amps: number[] = [];
    const typicals: number[] = [];
    let t = 0;
    for (let k = 0; k < 300; k++) {
      const period = 600 + r() * 2500, depth = 25 + r() * 100;
      for (let u = 0; u < period; u += 33, t += 33) {
        const v = 170 - depth * Math.sin((Math.PI * u) / period) ** 2 + (r() - 0.5) * 2;
        if (featureCount) { f[0] = t; f[1] = v; for (let i = 2; i < featureCount; i++) f[i] = t * i; }
        const rep = c.push(t, v, f);
        if (rep) {
          amps.push(rep.amplitude);
          // The typical swing is the median of the last 7 counted ones, recomputed here from scratch.
          const last = amps.slice(-7).sort((a, b) => a - b);
          typicals.push(last[last.length >> 1]!);
          got.push({ rep, t, typical: (c as unknown as { typical: number }).typical });
        }
      }
    }
    return { c, got, typicals };
  }

  it('keeps the typical swing equal to the median of the last 7 counted swings', () => {
    const { got, typicals } = run(3, 7);
    expect(got.length).toBeGreaterThan(100);
    expect(got.map((g) => g.typical)).toEqual(typicals);
  });

  it('gives every rep its own copy of the features at its rest and far ends', () => {
    const { c, got } = run(3, 11);
    expect(got.length).toBeGreaterThan(40); // several slabs' worth
    for (const { rep } of got) {
      expect(rep.restF).toHaveLength(3);
      // The far end's features are those of the peak's sample; the rest end's, of the valley's (its sample may be
      // a little before the rep's start: the start is the last sample still at the rest level).
      expect(rep.farF[0]).toBe(rep.farT);
      expect(rep.restF[0]).toBeLessThanOrEqual(rep.startT);
      expect(rep.amplitude).toBe(rep.restF[1]! - rep.farF[1]!);
    }
    // Copies, not views of the counter's state: what was counted stays as it was.
    const before = c.reps.map((x) => [Array.from(x.restF), Array.from(x.farF)]);
    for (let t = 1e7; t < 1e7 + 5000; t += 33) c.push(t, 100 + Math.random() * 70, new Float64Array([t, 0, 0]));
    expect(c.reps.slice(0, before.length).map((x) => [Array.from(x.restF), Array.from(x.farF)])).toEqual(before);
  });

  it('counts the same reps without feature vectors (featureCount 0)', () => {
    const a = run(3, 5).got.map(({ rep }) => [rep.startT, rep.farT, rep.endT, rep.amplitude]);
    const b = run(0, 5).got;
    expect(b.map(({ rep }) => [rep.startT, rep.farT, rep.endT, rep.amplitude])).toEqual(a);
    for (const { rep } of b) expect(rep.restF).toHaveLength(0);
  });
});
