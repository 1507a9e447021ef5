import { describe, expect, it } from 'vitest';
import { Scene } from './scene.schema.ts';
import { timeline } from './motion/timeline.ts';
import { boneTransforms, landmarkPositions, REST_POSTURE, skin } from './rig/pose.ts';
import { LANDMARKS, REST_JOINTS } from './rig/skeleton.ts';
import { buildPosture, standing } from './motion/body.ts';
import { exerciseControls, EXERCISES } from './motion/exercises.ts';
import { projector } from './camera.ts';
import { dist } from './rig/vec.ts';

const scene = (over: Record<string, unknown> = {}) => ({
  name: 'unit',
  durationS: 10,
  camera: { position: [0, 1.2, 3], target: [0, 0.9, 0] },
  people: [{ role: 'exercising', id: 'p1', at: { x: 0, z: 0 }, sets: [{ exercise: 'squat', reps: 3, partialStart: 1, partialEnd: 1 }] }],
  ...over,
});

describe('scene schema', () => {
  it('refuses a bad field with its path named', () => {
    const r = Scene.safeParse(scene({ people: [{ role: 'exercising', id: 'p1', at: { x: 0, z: 0 }, sets: [{ exercise: 'yoga', reps: 3 }] }] }));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe('people.0.sets.0.exercise');
  });
});

describe('timeline truth', () => {
  it('lays out partial and counted reps in order, counting only the full ones', () => {
    const s = Scene.parse(scene());
    const tl = timeline(s.people[0]!);
    const reps = tl.sets[0]!.reps;
    expect(reps).toHaveLength(5);
    expect(reps.filter((r) => r.counted)).toHaveLength(3);
    expect(reps[0]!.counted).toBe(false);
    expect(reps[4]!.counted).toBe(false);
    for (const [i, r] of reps.entries()) {
      expect(r.start).toBeLessThan(r.bottom);
      expect(r.bottom).toBeLessThan(r.end);
      if (i > 0) expect(r.start).toBeGreaterThanOrEqual(reps[i - 1]!.end);
    }
  });

  it('moves the knee through the squat: deepest at the rep bottom, back up at its end', () => {
    const s = Scene.parse(scene());
    const tl = timeline(s.people[0]!);
    const rep = tl.sets[0]!.reps[1]!;
    const hipY = (t: number) => buildPosture(tl.controlsAt(t)).joints.pelvis[1];
    expect(hipY(rep.bottom)).toBeLessThan(hipY(rep.start) - 0.3);
    expect(Math.abs(hipY(rep.end) - hipY(rep.start))).toBeLessThan(0.02);
  });
});

describe('rig', () => {
  it('leaves the rest mesh where it is in the rest posture', () => {
    const t = boneTransforms(REST_POSTURE);
    const rest = Float32Array.from([0.1, 1.2, 0.02, -0.3, 1.0, 0.1, 0.12, 0.3, 0.03]);
    const out = new Float32Array(rest.length);
    skin(rest, { bones: Uint8Array.from([1, 0, 0, 0, 8, 0, 0, 0, 11, 0, 0, 0]), weights: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]) }, t, out);
    for (let i = 0; i < rest.length; i++) expect(out[i]).toBeCloseTo(rest[i]!, 5);
    const lm = landmarkPositions(t);
    expect(lm).toHaveLength(33);
    expect(dist(lm[LANDMARKS.findIndex((l) => l.name === 'left_knee')]!, REST_JOINTS.lKnee)).toBeLessThan(1e-9);
  });

  it('keeps bone lengths in every exercise at every depth (no stretched limbs)', () => {
    for (const ex of EXERCISES)
      for (const d of [0, 0.5, 1]) {
        const j = buildPosture(exerciseControls(ex, standing(), d)).joints;
        expect(dist(j.lShoulder, j.lElbow), `${ex} ${d}`).toBeCloseTo(dist(REST_JOINTS.lShoulder, REST_JOINTS.lElbow), 2);
        expect(dist(j.rKnee, j.rAnkle), `${ex} ${d}`).toBeCloseTo(dist(REST_JOINTS.rKnee, REST_JOINTS.rAnkle), 2);
      }
  });

  it('projects like three.js: the camera target lands in the image centre', () => {
    const p = projector({ position: [0, 1.2, 3], target: [0, 0.9, 0], fovDeg: 50 }, 640, 480);
    const c = p([0, 0.9, 0]);
    expect(c.x).toBeCloseTo(320, 6);
    expect(c.y).toBeCloseTo(240, 6);
    expect(p([0, 1.5, 0]).y).toBeLessThan(240);
    expect(p([0.5, 0.9, 0]).x).toBeGreaterThan(320);
  });
});
