import { describe, expect, it } from 'vitest';
import { Scene } from '../scene.schema.ts';
import { personFrame, sceneTimelines } from '../frames.ts';
import { projector } from '../camera.ts';
import { negativeScenes } from '../coverage/coverage-scenes.ts';

const carry = (over: Record<string, unknown>) =>
  Scene.parse({
    name: 'carry',
    durationS: 12,
    camera: { position: [0, 1.1, 3.3], target: [0, 0.9, 0] },
    people: [{ role: 'carrying', id: 'p1', item: 'dumbbell', hand: 'right', path: [[-1.2, -0.4], [0.6, -0.1]], startS: 0.5, ...over }],
  });

/** Item centre (world) and the right wrist landmark's image position at t. */
function at(s: Scene, t: number, k = 0) {
  const project = projector(s.camera, s.width, s.height);
  const tl = sceneTimelines(s)[0]!;
  const f = personFrame(s, tl, 0, t, project);
  const e = f.equipment[k]!;
  const p: [number, number, number] = [e[9]!, e[10]!, e[11]!];
  return { item: p, image: project(p), wrist: f.landmarks[16]!, leftWrist: f.landmarks[15]!, nose: f.landmarks[0]! };
}

describe('carrying (a negative)', () => {
  it('carries the item in the hand while walking, puts it down at the end of the path and leaves it there', () => {
    const s = carry({});
    const tl = sceneTimelines(s)[0]!;
    expect(tl.sets).toEqual([]);
    expect(tl.equipment).toEqual(['dumbbell']);
    // Walking (0.5 s … 0.5 + 1.82 m / 1 m/s): the dumbbell moves with the right hand.
    for (const t of [0.2, 1.0, 2.0]) {
      const a = at(s, t);
      expect(Math.hypot(a.image.x - a.wrist[0], a.image.y - a.wrist[1]), `t=${t}`).toBeLessThan(25);
    }
    expect(at(s, 2.0).item[0]).toBeGreaterThan(at(s, 1.0).item[0]);
    // Put down by 2.32 + 1.5 s; then on the floor (its centre at the dumbbell's radius, scaled with the height), still.
    const down = at(s, 6), later = at(s, 11);
    expect(down.item[1]).toBeCloseTo((0.05 * 1.72) / 1.66, 3);
    expect(later.item).toEqual(down.item);
    expect(Math.hypot(later.image.x - later.wrist[0], later.image.y - later.wrist[1])).toBeGreaterThan(60);
    // Standing up again after putting it down: the head back at standing height.
    expect(Math.abs(later.nose[1] - at(s, 0.2).nose[1])).toBeLessThan(12);
  });

  it('picks the item up from the floor first when told to, and carries one in each hand with hand: both', () => {
    const s = carry({ pickUp: true, hand: 'both', item: 'kettlebell' });
    expect(sceneTimelines(s)[0]!.equipment).toEqual(['kettlebell', 'kettlebell']);
    const start = at(s, 0.2, 1), walking = at(s, 3.5, 1);
    expect(start.item[1]).toBeLessThan(0.12);
    expect(Math.hypot(walking.image.x - walking.wrist[0], walking.image.y - walking.wrist[1])).toBeLessThan(30);
    const left = at(s, 3.5, 0);
    expect(Math.hypot(left.image.x - left.leftWrist[0], left.image.y - left.leftWrist[1])).toBeLessThan(30);
  });
});

describe('negatives in the coverage set', () => {
  it('has carrying, walking towards/away, idle and talking clips, all valid scenes with no reps', () => {
    const neg = negativeScenes();
    expect(new Set(neg.flatMap((n) => n.roles))).toEqual(new Set(['carrying', 'walking', 'standing', 'talking']));
    for (const n of neg) {
      expect(n.scene.name).toMatch(/^cov-neg-/);
      const s = Scene.parse(n.scene);
      for (const tl of sceneTimelines(s)) expect(tl.sets).toEqual([]);
    }
    expect(new Set(neg.map((n) => n.scene.name)).size).toBe(neg.length);
  });

  it('walks towards and away from the camera in walk-towards-away', () => {
    const s = Scene.parse(negativeScenes().find((n) => n.scene.name === 'cov-neg-walk-towards-away')!.scene);
    const tl = sceneTimelines(s)[0]!;
    const z = [0, 2, 4, 6, 8].map((t) => tl.controlsAt(t).z);
    expect(z[2]! - z[0]!).toBeGreaterThan(2);
    expect(z[4]!).toBeLessThan(z[2]!);
  });
});
