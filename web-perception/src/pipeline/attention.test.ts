import { describe, expect, it } from 'vitest';
import { LM, type Landmark } from '@gym/shared';
import { AttentionPolicy, lineFit } from './attention.ts';
import { skeletonInBox } from './fake-models.ts';
import type { BoxXYWH } from '../tracking/box.ts';

const W = 1280;
const H = 720;
/** Deterministic jitter of a few pixels, like a detector's. */
const jit = (i: number, k: number) => 3 * Math.sin(i * 12.9898 + k * 78.233);

function run(policy: AttentionPolicy, id: number, frames: number, fps: number, box: (i: number) => BoxXYWH, skeleton?: (i: number, b: BoxXYWH) => Landmark[]) {
  const seen: string[] = [];
  for (let i = 0; i < frames; i++) {
    const b = box(i);
    const pose = policy.wantsPose(id);
    seen.push(policy.observe(id, (i * 1000) / fps, b, pose ? (skeleton ?? ((_, bb) => skeletonInBox(bb, W, H)))(i, b) : null, W, H));
  }
  return seen;
}

describe('AttentionPolicy', () => {
  it('fits a line: slope per second and the residual about it', () => {
    const f = lineFit([0, 1000, 2000, 3000], [1, 2, 3, 4]);
    expect(f.slope).toBeCloseTo(1);
    expect(f.residual).toBeCloseTo(0);
    expect(lineFit([0, 1000, 2000, 3000], [0, 1, 0, 1]).residual).toBeCloseTo(0.447, 2);
  });

  it('classifies a walker as walking and gives them a pose on every third frame only', () => {
    const p = new AttentionPolicy();
    // 1.3 m/s for a 1.75 m person 300 px tall: 0.75 box heights per second across the frame.
    const seen = run(p, 1, 50, 5, (i) => ({ x: 100 + i * 45 + jit(i, 0), y: 200 + jit(i, 1), w: 110 + jit(i, 2), h: 300 + jit(i, 3) }));
    expect(seen.slice(0, 5).every((a) => a === 'new')).toBe(true);
    expect(seen.slice(10)).toEqual(Array(40).fill('walking'));
    expect(p.poseFps(1, 49 * 200)).toBeCloseTo(5 / 3, 0);
  });

  it('classifies someone standing still as idle, and squatting in place as exercising at the full rate', () => {
    const p = new AttentionPolicy();
    const still = run(p, 1, 40, 5, (i) => ({ x: 500 + jit(i, 0), y: 200 + jit(i, 1), w: 110 + jit(i, 2), h: 300 + jit(i, 3) }));
    expect(still.slice(10)).toEqual(Array(30).fill('idle'));
    // Squat: the box loses 30 % of its height every 2.5 s, feet planted.
    const squat = (i: number) => {
      const h = 300 * (1 - 0.15 * (1 - Math.cos((2 * Math.PI * i) / 12.5)));
      return { x: 500 + jit(i, 0), y: 500 - h + jit(i, 1), w: 110 + jit(i, 2), h };
    };
    const q = new AttentionPolicy();
    const seen = run(q, 2, 60, 5, squat);
    expect(seen.slice(8)).toEqual(Array(52).fill('exercising'));
    expect(q.poseFps(2, 59 * 200)).toBeCloseTo(5, 0);
  });

  it('sees curls inside a still box from the arms, with poses at the low rate, and holds the rate through a rest', () => {
    const p = new AttentionPolicy({ holdMs: 3000 });
    const box = (i: number) => ({ x: 500 + jit(i, 0), y: 200 + jit(i, 1), w: 110 + jit(i, 2), h: 300 + jit(i, 3) });
    const curl = (i: number, b: BoxXYWH): Landmark[] => {
      const sk = skeletonInBox(b, W, H);
      if (i < 15 || i >= 45) return sk; // idle, then 6 s of curls, then rest
      const lift = (1 - Math.cos((2 * Math.PI * i) / 10)) / 2; // 2 s per rep
      for (const j of [LM.left_wrist, LM.right_wrist]) sk[j] = [sk[j]![0], sk[j]![1] - (lift * 0.35 * b.h) / H, 0, 0.95];
      return sk;
    };
    const seen = run(p, 1, 80, 5, box, curl);
    expect(seen[14]).toBe('idle');
    // Noticed within about two seconds of the first lift, at the idle pose rate.
    expect(seen.slice(15, 26)).toContain('exercising');
    expect(seen.slice(26, 45)).toEqual(Array(19).fill('exercising'));
    // Rests (still arms): held for holdMs after the arms' spread leaves the window, then idle.
    expect(seen[50]).toBe('exercising');
    expect(seen[79]).toBe('idle');
  });

  it('treats a box wider than tall as lying (floor work) and a hint as exercising until it expires', () => {
    const p = new AttentionPolicy();
    expect(run(p, 1, 10, 5, () => ({ x: 300, y: 500, w: 400, h: 150 })).every((a) => a === 'lying')).toBe(true);
    const q = new AttentionPolicy();
    q.hint(2, 6000);
    const seen = run(q, 2, 60, 5, (i) => ({ x: 500 + jit(i, 0), y: 200 + jit(i, 1), w: 110 + jit(i, 2), h: 300 + jit(i, 3) }));
    expect(seen.slice(8, 30)).toEqual(Array(22).fill('exercising'));
    // The hint ends at 6 s, the hold 4 s later.
    expect(seen[49]).toBe('exercising');
    expect(seen[51]).toBe('idle');
  });

  it('forgets tracks gone from view', () => {
    const p = new AttentionPolicy();
    run(p, 1, 30, 5, (i) => ({ x: 100 + i * 45, y: 200, w: 110, h: 300 }));
    expect(p.activity(1)).toBe('walking');
    p.prune(60_000);
    expect(p.activity(1)).toBe('new');
  });
});
