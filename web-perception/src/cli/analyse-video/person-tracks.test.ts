import { describe, expect, it } from 'vitest';
import { LANDMARK_COUNT, type Skeleton } from '@gym/shared';
import { PersonCollector } from './person-tracks.ts';

const sk: Skeleton = Array.from({ length: LANDMARK_COUNT }, () => [0.5, 0.5, 0, 1]);
const box = (x: number) => ({ x, y: 100, w: 80, h: 200 });

describe('PersonCollector', () => {
  it('stitches a track that resumes near where another ended, numbers people by time seen, drops brief ones', () => {
    const c = new PersonCollector();
    for (let i = 0; i < 100; i++) {
      const t = i * 100;
      const tracks = [];
      if (i < 40) tracks.push({ trackId: 1, box: box(100), skeleton: sk });
      if (i >= 50) tracks.push({ trackId: 3, box: box(120), skeleton: i % 2 ? sk : null }); // same person, new id after 1 s
      if (i >= 10 && i < 90) tracks.push({ trackId: 2, box: box(500), skeleton: sk });
      if (i >= 20 && i < 23) tracks.push({ trackId: 4, box: box(300), skeleton: sk }); // a passer-by, 0.3 s
      c.add(t, tracks);
    }
    const people = c.persons(10);
    expect(people.map((p) => ({ id: p.id, trackIds: p.trackIds, frames: p.skeletonFrames }))).toEqual([
      { id: 1, trackIds: [2], frames: 80 },
      { id: 2, trackIds: [1, 3], frames: 40 + 25 },
    ]);
    const p2 = people[1]!;
    // Every analysed frame between first and last sight, with gaps as null.
    expect(p2.frames).toHaveLength(100);
    expect(p2.frames[45]!.kp).toBeNull();
    expect(p2.frames[0]!.kp).toBe(sk);
  });

  it('does not stitch a track that starts far away or while the other is still in view', () => {
    const c = new PersonCollector();
    for (let i = 0; i < 60; i++) {
      const tracks = [];
      if (i < 20) tracks.push({ trackId: 1, box: box(100), skeleton: sk });
      if (i >= 25) tracks.push({ trackId: 2, box: box(600), skeleton: sk }); // far: someone else
      if (i >= 15) tracks.push({ trackId: 3, box: box(110), skeleton: sk }); // overlaps track 1 in time
      c.add(i * 100, tracks);
    }
    expect(c.persons(10).map((p) => p.trackIds)).toEqual([[3], [2], [1]]);
  });
});
