import { describe, expect, it } from 'vitest';
import { PersonSeenEvent } from '@gym/shared';
import { overlaySkeleton } from './overlay-skeleton.ts';

describe('overlaySkeleton', () => {
  it('turns a flat 33×4 vector into 33 rounded [x, y, visibility] triples the event schema accepts', () => {
    const flat = new Float32Array(132);
    for (let i = 0; i < 33; i++) flat.set([0.1 + i * 0.01234567, 0.9 - i * 0.02, -0.3, i === 5 ? 1.2 : 0.8], i * 4);
    const s = overlaySkeleton(flat)!;
    expect(s).toHaveLength(33);
    expect(s[1]).toEqual([0.112, 0.88, 0.8]);
    expect(s[5]![2]).toBe(1); // visibility clamped
    const ev = { type: 'person.seen', at: 1, personId: crypto.randomUUID(), cameraId: 'cam-a', trackId: 1, box: { x: 0, y: 0, w: 1, h: 1 }, floor: null, skeleton: s };
    expect(PersonSeenEvent.safeParse(ev).success).toBe(true);
  });

  it('takes the tuple form too, and gives null for missing, short or non-finite skeletons', () => {
    const tuples = Array.from({ length: 33 }, (_, i) => [i / 40, 0.5, 0, 0.9]);
    expect(overlaySkeleton(tuples)![32]).toEqual([0.8, 0.5, 0.9]);
    expect(overlaySkeleton(null)).toBeNull();
    expect(overlaySkeleton(new Float32Array(100))).toBeNull();
    const bad = new Float32Array(132).fill(0.5);
    bad[9] = Number.NaN;
    expect(overlaySkeleton(bad)).toBeNull();
  });
});
