/**
 * The nine exercises past the first twelve, posed as the engine expects them (exercise/src/catalogue-more.ts and
 * exercise/src/testing/motions-more.ts): the joint angles and heights at the start (d = 0) and far end (d = 1).
 */
import { describe, expect, it } from 'vitest';
import { buildPosture, standing } from './body.ts';
import { exerciseControls, EXERCISES, HOLDS, type ExerciseName } from './exercises.ts';
import { STATION } from './equipment.ts';
import { dist, dot, norm, sub, type V3 } from '../rig/vec.ts';
import type { Joints } from '../rig/skeleton.ts';
import { Scene } from '../scene.schema.ts';
import { timeline } from './timeline.ts';

const j = (e: ExerciseName, d: number, rep = 0): Joints => buildPosture(exerciseControls(e, standing(0.3, -0.2, 0.7), d, rep)).joints;
const angle = (a: V3, b: V3, c: V3) => (Math.acos(Math.max(-1, Math.min(1, dot(norm(sub(a, b)), norm(sub(c, b)))))) * 180) / Math.PI;
const mid = (a: V3, b: V3): V3 => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
/** Torso from vertical, degrees (hips to shoulders). */
const incline = (k: Joints) => {
  const v = norm(sub(mid(k.lShoulder, k.rShoulder), mid(k.lHip, k.rHip)));
  return (Math.acos(v[1]) * 180) / Math.PI;
};
const elbow = (k: Joints) => angle(k.lShoulder, k.lElbow, k.lWrist);
const knee = (k: Joints, s: 'l' | 'r' = 'l') => angle(k[`${s}Hip`], k[`${s}Knee`], k[`${s}Ankle`]);
const MORE: ExerciseName[] = ['upright_row', 'bent_over_row', 'dip', 'hip_thrust', 'kettlebell_swing', 'burpee', 'mountain_climber', 'plank', 'wall_sit'];

describe('the nine further exercises', () => {
  it('are all rendered exercises, plank and wall-sit as holds', () => {
    for (const e of MORE) expect(EXERCISES).toContain(e);
    expect([...HOLDS].sort()).toEqual(['plank', 'wall_sit']);
  });

  // Within 1 cm (feet and toes on the floor). Hand tips are left out: a hand planted on the floor points along the
  // forearm (as in the push-up).
  it('keep every joint above the floor at every depth', () => {
    for (const e of MORE)
      for (const d of [0, 0.25, 0.5, 0.75, 1])
        for (const [name, p] of Object.entries(j(e, d))) if (!name.endsWith('HandTip')) expect(p[1], `${e} ${d} ${name}`).toBeGreaterThan(-0.01);
  });

  it('upright row: hands from the thighs to the chest, elbows up to shoulder height and bent', () => {
    const a = j('upright_row', 0), b = j('upright_row', 1);
    expect(a.lWrist[1]).toBeLessThan(a.lShoulder[1] - 0.4);
    expect(b.lWrist[1]).toBeLessThan(b.lShoulder[1]);
    expect(b.lWrist[1]).toBeGreaterThan(b.lShoulder[1] - 0.15);
    expect(b.lElbow[1]).toBeGreaterThan(b.lShoulder[1] - 0.06);
    expect(elbow(b)).toBeLessThan(100);
    expect(dist(b.lWrist, b.rWrist)).toBeLessThan(dist(b.lShoulder, b.rShoulder));
  });

  it('bent-over row: hinged 50–70° and held, the elbow bending ≥ 60° from straight', () => {
    const a = j('bent_over_row', 0), b = j('bent_over_row', 1);
    for (const k of [a, b]) expect(incline(k)).toBeGreaterThan(50), expect(incline(k)).toBeLessThan(70);
    expect(elbow(a)).toBeGreaterThan(160);
    expect(elbow(a) - elbow(b)).toBeGreaterThan(60);
    expect(b.lWrist[1] - b.lAnkle[1]).toBeGreaterThan(0.3);
  });

  it('dip: hands stay on the bars, the body sinks to elbows near 90°, feet off the floor', () => {
    const a = j('dip', 0), b = j('dip', 1);
    expect(dist(a.lWrist, b.lWrist)).toBeLessThan(0.01);
    expect(a.lWrist[1]).toBeCloseTo(STATION.dipBarY + 0.03, 2);
    expect(a.pelvis[1] - b.pelvis[1]).toBeGreaterThan(0.2);
    expect(elbow(a)).toBeGreaterThan(155);
    expect(elbow(b)).toBeLessThan(105);
    expect(Math.min(b.lAnkle[1], b.lToe[1])).toBeGreaterThan(0.15);
    expect(incline(b)).toBeLessThan(30);
  });

  it('hip thrust: shoulders on the bench, hips rise to a line with the shoulders and knees', () => {
    const a = j('hip_thrust', 0), b = j('hip_thrust', 1);
    for (const k of [a, b]) expect(Math.abs(k.lShoulder[1] - (STATION.thrustBenchTop + 0.07))).toBeLessThan(0.05);
    expect(b.pelvis[1] - a.pelvis[1]).toBeGreaterThan(0.25);
    expect(angle(mid(b.lShoulder, b.rShoulder), mid(b.lHip, b.rHip), mid(b.lKnee, b.rKnee))).toBeGreaterThan(160);
    expect(knee(a)).toBeLessThan(130);
    expect(Math.abs(elbow(a) - elbow(b))).toBeLessThan(5);
  });

  it('kettlebell swing: standing tall with the arms at shoulder height, hinging with the hands between the legs', () => {
    const a = j('kettlebell_swing', 0), b = j('kettlebell_swing', 1);
    expect(incline(a)).toBeLessThan(10);
    expect(Math.abs(a.lWrist[1] - a.lShoulder[1])).toBeLessThan(0.12);
    expect(incline(b)).toBeGreaterThan(55);
    expect(b.lWrist[1]).toBeLessThan(b.lHip[1]);
    expect(dist(a.lWrist, a.rWrist)).toBeLessThan(0.12);
    expect(angle(b.lShoulder, b.lHip, b.lKnee)).toBeLessThan(angle(a.lShoulder, a.lHip, a.lKnee) - 40);
  });

  it('burpee and plank: from standing to a straight plank with the hands on the floor', () => {
    for (const e of ['burpee', 'plank'] as const) {
      const a = j(e, 0), b = j(e, 1);
      expect(incline(a)).toBeLessThan(10);
      expect(incline(b)).toBeGreaterThan(60);
      expect(b.lWrist[1]).toBeLessThan(0.12);
      expect(angle(b.lShoulder, b.lHip, b.lAnkle)).toBeGreaterThan(165);
      expect(a.pelvis[1] - b.pelvis[1]).toBeGreaterThan(0.35);
    }
  });

  it('mountain climber: a plank, one knee driven in per rep, the legs taking turns', () => {
    const l = j('mountain_climber', 1, 0), r = j('mountain_climber', 1, 1), rest = j('mountain_climber', 0, 0);
    expect(knee(rest, 'l')).toBeGreaterThan(160);
    expect(knee(l, 'l')).toBeLessThan(90);
    expect(knee(l, 'r')).toBeGreaterThan(160);
    expect(knee(r, 'r')).toBeLessThan(90);
    expect(knee(r, 'l')).toBeGreaterThan(160);
    expect(dist(l.lWrist, rest.lWrist)).toBeLessThan(0.01);
  });

  it('wall-sit: back at the wall, thighs level, knees near a right angle', () => {
    const a = j('wall_sit', 0), b = j('wall_sit', 1);
    expect(knee(a)).toBeGreaterThan(150);
    expect(knee(b)).toBeGreaterThan(80), expect(knee(b)).toBeLessThan(105);
    expect(Math.abs(b.lHip[1] - b.lKnee[1])).toBeLessThan(0.06);
    expect(incline(b)).toBeLessThan(8);
  });

  it('a hold is set by holdS, not reps; its truth gives the hold start and end and no reps', () => {
    const scene = (set: object) => ({ name: 'x', durationS: 20, camera: { position: [0, 1, 3], target: [0, 1, 0] }, people: [{ role: 'exercising', id: 'p1', at: { x: 0, z: 0 }, startS: 1, sets: [set] }] });
    expect(Scene.safeParse(scene({ exercise: 'plank', reps: 3 })).error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['people.0.sets.0.holdS']));
    expect(Scene.safeParse(scene({ exercise: 'squat', holdS: 10, reps: 3 })).success).toBe(false);
    const s = Scene.parse(scene({ exercise: 'wall_sit', holdS: 10, tempo: { down: 2, up: 1.5 } }));
    const tl = timeline(s.people[0]!);
    expect(tl.sets).toEqual([{ exercise: 'wall_sit', start: 1, end: 14.5, reps: [], holdS: 10, hold: { start: 3, end: 13 } }]);
    // Held still in the sit between the hold's start and end; standing before and after.
    const kneeAt = (t: number) => knee(buildPosture(tl.controlsAt(t)).joints);
    expect(kneeAt(3.5)).toBeCloseTo(kneeAt(12.5), 6);
    expect(kneeAt(3.5)).toBeLessThan(105);
    expect(kneeAt(0.5)).toBeGreaterThan(150);
    expect(kneeAt(15)).toBeGreaterThan(150);
  });
});
