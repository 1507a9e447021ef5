import { describe, expect, it } from 'vitest';
import { QualityGate, frontalFaceWidthPx, type GateInput } from './quality-gate.ts';
import { skeletonInBox } from './fake-models.ts';

const W = 1280;
const H = 720;
const person = (id: number, over: Partial<GateInput> = {}): GateInput => {
  const box = over.box ?? { x: 100 + id * 200, y: 100, w: 150, h: 400 };
  return { trackId: id, box, score: 0.9, visibility: 0.9, occlusion: 0, landmarks: skeletonInBox(box, W, H), ...over };
};

describe('QualityGate', () => {
  it('embeds a good view at once, then only every bodyEveryMs', () => {
    const g = new QualityGate({ bodyEveryMs: 1000 });
    const picks: number[] = [];
    for (let t = 0; t <= 3000; t += 100) if (g.select([person(1)], t, W, H).body.includes(1)) picks.push(t);
    expect(picks).toEqual([0, 1000, 2000, 3000]);
  });

  it('skips small, occluded, truncated, low-score and poorly seen people', () => {
    const g = new QualityGate();
    const bad = [
      person(1, { box: { x: 100, y: 100, w: 20, h: 50 } }),
      person(2, { occlusion: 0.5 }),
      person(3, { box: { x: 0, y: 100, w: 150, h: 400 } }),
      person(4, { score: 0.3 }),
      person(5, { visibility: 0.2 }),
    ];
    expect(g.select(bad, 0, W, H).body).toEqual([]);
    expect(g.select([person(6, { box: { x: 500, y: 100, w: 150, h: 400 } })], 0, W, H).body).toEqual([6]);
  });

  it('takes a clearly better view sooner than the refresh interval, but not a marginally better one', () => {
    const g = new QualityGate({ bodyEveryMs: 5000, bodyImproveRatio: 1.25, bodyMinGapMs: 250 });
    expect(g.select([person(1, { box: { x: 100, y: 100, w: 60, h: 200 } })], 0, W, H).body).toEqual([1]);
    expect(g.select([person(1, { box: { x: 100, y: 100, w: 62, h: 210 } })], 500, W, H).body).toEqual([]);
    expect(g.select([person(1, { box: { x: 100, y: 100, w: 120, h: 400 } })], 600, W, H).body).toEqual([1]);
  });

  it('spends at most maxBodyPerFrame embeddings per frame, longest-waiting first', () => {
    const g = new QualityGate({ maxBodyPerFrame: 2, bodyEveryMs: 1000 });
    const crowd = [1, 2, 3, 4].map((i) => person(i, { box: { x: 20 + i * 250, y: 50, w: 100, h: 300 } }));
    const f0 = g.select(crowd, 0, W, H).body;
    const f1 = g.select(crowd, 100, W, H).body;
    expect(f0).toHaveLength(2);
    expect(f1).toHaveLength(2);
    expect(new Set([...f0, ...f1]).size).toBe(4);
  });

  it('wants a face only when nose and both eyes are visible and the face is large enough', () => {
    const g = new QualityGate({ minFacePx: 40 });
    const big = { x: 400, y: 50, w: 300, h: 650 };
    expect(g.select([person(1, { box: big, landmarks: skeletonInBox(big, W, H, true) })], 0, W, H).face).toEqual([1]);
    expect(g.select([person(2, { box: big, landmarks: skeletonInBox(big, W, H, false) })], 0, W, H).face).toEqual([]);
    const small = { x: 400, y: 50, w: 40, h: 100 };
    expect(frontalFaceWidthPx(skeletonInBox(small, W, H), W, H, 0.6)).toBeLessThan(40);
    expect(g.select([person(3, { box: small, landmarks: skeletonInBox(small, W, H) })], 0, W, H).face).toEqual([]);
  });

  it('backs off a stable track (doubling its intervals up to the cap) and resets on an overlap', () => {
    const g = new QualityGate({ bodyEveryMs: 1000, stableBackoff: 2, bodyMaxEveryMs: 4000, faceEveryMs: 1000, faceMaxEveryMs: 4000 });
    const big = { x: 400, y: 50, w: 300, h: 650 };
    const body: number[] = [];
    const face: number[] = [];
    for (let t = 0; t <= 20_000; t += 100) {
      // An overlap (someone walking past) at 12.0–12.2 s.
      const occlusion = t >= 12_000 && t <= 12_200 ? 0.4 : 0;
      const r = g.select([person(1, { box: big, landmarks: skeletonInBox(big, W, H, true), occlusion })], t, W, H);
      if (r.body.includes(1)) body.push(t);
      if (r.face.includes(1)) face.push(t);
    }
    // Gaps 2 s, 4 s, 4 s (the cap); during the overlap nothing (not eligible), after it the base interval again.
    expect(body).toEqual([0, 2000, 6000, 10000, 12300, 14300, 18300]);
    expect(face).toEqual(body);
    // Off by default: the plain interval.
    const plain = new QualityGate({ bodyEveryMs: 1000 });
    const picks: number[] = [];
    for (let t = 0; t <= 5000; t += 500) if (plain.select([person(1)], t, W, H).body.includes(1)) picks.push(t);
    expect(picks).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });
});
