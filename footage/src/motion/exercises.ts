/**
 * Exercise programmes: each exercise is a function of depth (0 = start position, 1 = the far end of the rep) to
 * body controls. Partial reps are depth < 1. Walking, standing and talking are functions of time instead (no reps).
 * Exercise names are the engine's catalogue ids (exercise/src/catalogue.ts).
 */
import { REST_JOINTS as R } from '../rig/skeleton.ts';
import { norm, sub, type V3 } from '../rig/vec.ts';
import { armDir, bend, buildPosture, LIMB, standing, straightArm, type BodyControls } from './body.ts';
import { heldInHand, STATION, stationPlacement, type EquipmentKind, type Placement } from './equipment.ts';
import type { Joints } from '../rig/skeleton.ts';

export const EXERCISES = ['squat', 'lunge', 'push_up', 'biceps_curl', 'shoulder_press', 'lateral_raise', 'front_raise', 'jumping_jack', 'deadlift', 'pull_up', 'bench_press', 'sit_up'] as const;
export type ExerciseName = (typeof EXERCISES)[number];

const deg = (d: number) => (d * Math.PI) / 180;
const mix = (a: number, b: number, t: number) => a + (b - a) * t;
const L: V3 = [-1, 0, 0];

type Pose = (c: BodyControls, d: number) => BodyControls;

const squat: Pose = (c, d) => {
  const out = { ...c, legs: { l: { ...c.legs.l, ankle: [0.17, R.lAnkle[1], 0] as V3, pole: [0.35, 0, 1] as V3 }, r: { ...c.legs.r, ankle: [-0.17, R.rAnkle[1], 0] as V3, pole: [-0.35, 0, 1] as V3 } } };
  out.pelvis = [0, R.pelvis[1] - 0.42 * d, 0.01 - 0.2 * d];
  out.torsoPitch = deg(38) * d;
  const up = armDir('l', deg(15 + 70 * d), 0.1), upR = armDir('r', deg(15 + 70 * d), 0.1);
  out.arms = { l: { kind: 'fk', upper: up, fore: bend(up, L, deg(20)), hinge: L }, r: { kind: 'fk', upper: upR, fore: bend(upR, L, deg(20)), hinge: L } };
  return out;
};

const lunge: Pose = (c, d) => {
  const toe = norm(sub(R.lToe, R.lAnkle));
  const out = { ...c };
  out.pelvis = [0, R.pelvis[1] - 0.05 - 0.36 * d, 0.0];
  out.torsoPitch = deg(4);
  out.legs = {
    l: { ankle: [0.1, R.lAnkle[1], 0.42], toeDir: [0.05, toe[1], toe[2]], pole: [0, 0, 1] },
    // Back foot on the ball of the foot: the toe points down and forward.
    r: { ankle: [-0.1, R.rAnkle[1] + 0.09, -0.5], toeDir: [0, -0.6, 0.8], pole: [0, 0, 1] },
  };
  const h = armDir('l', deg(5), deg(12)), hr = armDir('r', deg(5), deg(12));
  out.arms = { l: { kind: 'fk', upper: h, fore: bend(h, L, deg(30)), hinge: L }, r: { kind: 'fk', upper: hr, fore: bend(hr, L, deg(30)), hinge: L } };
  return out;
};

const pushUp: Pose = (c, d) => {
  // A rigid line from the ankles (on the toes) to the shoulders; hands planted under the shoulders' top position.
  const ankleH = 0.09, lineLen = R.lShoulder[1] - R.lAnkle[1];
  const armLen = LIMB.upperArm + LIMB.forearm;
  const shoulderTop = armLen * 0.97 + 0.03, shoulderBottom = 0.2;
  const sh = mix(shoulderTop, shoulderBottom, d);
  const beta = Math.asin((sh - ankleH) / lineLen); // body line above horizontal
  const pitch = Math.PI / 2 - beta;
  const topBeta = Math.asin((shoulderTop - ankleH) / lineLen);
  // Toes stay at z = -0.9 (body frame); the pelvis sits on the line.
  const ankleZ = -0.9;
  const pelvisAlong = R.pelvis[1] - R.lAnkle[1];
  const pelvis: V3 = [0, ankleH + pelvisAlong * Math.sin(beta), ankleZ + pelvisAlong * Math.cos(beta)];
  const handZ = ankleZ + lineLen * Math.cos(topBeta);
  const yawV = (v: V3): V3 => [v[0] * Math.cos(c.yaw) + v[2] * Math.sin(c.yaw), v[1], -v[0] * Math.sin(c.yaw) + v[2] * Math.cos(c.yaw)];
  const w = (v: V3): V3 => { const r = yawV(v); return [r[0] + c.x, r[1], r[2] + c.z]; };
  const toe: V3 = [0, -0.95, 0.3];
  return {
    ...c,
    pelvis,
    bodyPitch: pitch,
    torsoPitch: 0,
    headPitch: deg(-25),
    arms: {
      l: { kind: 'ik', wrist: w([0.2, 0.06, handZ]), pole: yawV([1, 0.3, -0.6]), hinge: yawV(L) },
      r: { kind: 'ik', wrist: w([-0.2, 0.06, handZ]), pole: yawV([-1, 0.3, -0.6]), hinge: yawV(L) },
    },
    legs: {
      l: { ankle: [0.1, ankleH, ankleZ], toeDir: toe, pole: [0, -1, 0.05] },
      r: { ankle: [-0.1, ankleH, ankleZ], toeDir: toe, pole: [0, -1, 0.05] },
    },
  };
};

const curl: Pose = (c, d) => {
  const ul = armDir('l', deg(8 + 10 * d), deg(8)), ur = armDir('r', deg(8 + 10 * d), deg(8));
  const e = deg(12 + 128 * d);
  return { ...c, arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, L, e), hinge: L }, r: { kind: 'fk', upper: ur, fore: bend(ur, L, e), hinge: L } } };
};

const press: Pose = (c, d) => {
  const phi = deg(mix(95, 172, d));
  const elbow = deg(mix(88, 6, d));
  const ul = armDir('l', deg(12), phi), ur = armDir('r', deg(12), phi);
  const hl: V3 = [0, 0, 1], hr: V3 = [0, 0, -1];
  return { ...c, arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, hl, elbow), hinge: hl }, r: { kind: 'fk', upper: ur, fore: bend(ur, hr, elbow), hinge: hr } } };
};

const lateral: Pose = (c, d) => {
  const a = deg(mix(12, 88, d));
  const ul = armDir('l', deg(10), a), ur = armDir('r', deg(10), a);
  return { ...c, arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, [0, 0, 1], deg(12)), hinge: [0, 0, 1] }, r: { kind: 'fk', upper: ur, fore: bend(ur, [0, 0, -1], deg(12)), hinge: [0, 0, -1] } } };
};

const front: Pose = (c, d) => {
  const f = deg(mix(8, 88, d));
  const ul = armDir('l', f, deg(6)), ur = armDir('r', f, deg(6));
  return { ...c, arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, L, deg(8)), hinge: L }, r: { kind: 'fk', upper: ur, fore: bend(ur, L, deg(8)), hinge: L } } };
};

const jack: Pose = (c, d) => {
  const a = deg(mix(10, 165, d));
  const feet = mix(0.1, 0.36, d);
  const out = { ...c };
  out.pelvis = [0, R.pelvis[1] - 0.03 * d + 0.03 * Math.sin(Math.PI * d), 0.01];
  out.arms = { l: straightArm(armDir('l', deg(5), a), [0, 0, 1]), r: straightArm(armDir('r', deg(5), a), [0, 0, -1]) };
  out.legs = { l: { ...c.legs.l, ankle: [feet, R.lAnkle[1], 0], pole: [0.3, 0, 1] }, r: { ...c.legs.r, ankle: [-feet, R.rAnkle[1], 0], pole: [-0.3, 0, 1] } };
  return out;
};

const deadlift: Pose = (c, d) => {
  const out = { ...c };
  out.pelvis = [0, R.pelvis[1] - 0.14 * d, 0.01 - 0.17 * d];
  out.torsoPitch = deg(72) * d;
  out.legs = { l: { ...c.legs.l, pole: [0.1, 0, 1] }, r: { ...c.legs.r, pole: [-0.1, 0, 1] } };
  // Arms hang straight down in the world: in the torso frame they swing forward by the lean.
  const ul = armDir('l', out.torsoPitch - deg(2), deg(8)), ur = armDir('r', out.torsoPitch - deg(2), deg(8));
  out.arms = { l: straightArm(ul, L), r: straightArm(ur, L) };
  return out;
};

/** Body frame (x lateral, z forward from the floor point) to world, as buildPosture places the body. */
const bodyToWorld = (c: BodyControls) => (v: V3): V3 => {
  const r: V3 = [v[0] * Math.cos(c.yaw) + v[2] * Math.sin(c.yaw), v[1], -v[0] * Math.sin(c.yaw) + v[2] * Math.cos(c.yaw)];
  return [r[0] + c.x, r[1], r[2] + c.z];
};
const yawOnly = (c: BodyControls) => (v: V3): V3 => [v[0] * Math.cos(c.yaw) + v[2] * Math.sin(c.yaw), v[1], -v[0] * Math.sin(c.yaw) + v[2] * Math.cos(c.yaw)];

/** Hanging from a bar above and slightly in front; pulling up until the chin reaches the bar (d = 1, the top). */
const pullUp: Pose = (c, d) => {
  const w = bodyToWorld(c), y = yawOnly(c);
  const lift = 0.19 + 0.48 * d;
  const pelvisY = R.pelvis[1] + lift;
  return {
    ...c,
    pelvis: [0, pelvisY, -0.02 - 0.03 * d],
    // Leaning back a little at the top, chest towards the bar, head behind it.
    torsoPitch: deg(-4 - 12 * d),
    headPitch: deg(-8 * d),
    arms: {
      l: { kind: 'ik', wrist: w([STATION.gripX, STATION.barY - 0.035, STATION.barZ]), pole: y([1, -0.5, 0.25]), hinge: y(L) },
      r: { kind: 'ik', wrist: w([-STATION.gripX, STATION.barY - 0.035, STATION.barZ]), pole: y([-1, -0.5, 0.25]), hinge: y(L) },
    },
    // Legs hang, knees a little bent, feet behind and off the floor.
    legs: {
      l: { ankle: [0.09, pelvisY - 0.79, -0.06], toeDir: [0, -0.75, 0.66], pole: [0, 0, 1] },
      r: { ankle: [-0.09, pelvisY - 0.79, -0.06], toeDir: [0, -0.75, 0.66], pole: [0, 0, 1] },
    },
  };
};

/** Lying on the back on a bench (head towards −z of the body frame), feet on the floor; d = 1 is the bar at the chest. */
const benchPress: Pose = (c, d) => {
  const y = yawOnly(c);
  const toe = norm(sub(R.lToe, R.lAnkle));
  const out: BodyControls = {
    ...c,
    pelvis: [0, STATION.benchTop + 0.1, 0.12],
    bodyPitch: -Math.PI / 2,
    torsoPitch: 0,
    headPitch: 0,
    legs: {
      l: { ankle: [0.24, R.lAnkle[1], 0.55], toeDir: [0.1, toe[1], toe[2]], pole: [0.3, 1, 0.2] },
      r: { ankle: [-0.24, R.rAnkle[1], 0.55], toeDir: [-0.1, toe[1], toe[2]], pole: [-0.3, 1, 0.2] },
    },
  };
  const sh = shoulders(out);
  const wrist = (s: 'l' | 'r'): V3 => {
    const p = sh[s];
    const outward = y([s === 'l' ? 0.13 : -0.13, 0, 0]);
    return [p[0] + outward[0], p[1] + mix(0.52, 0.2, d), p[2] + outward[2] + y([0, 0, mix(0, 0.05, d)])[2]];
  };
  out.arms = {
    l: { kind: 'ik', wrist: wrist('l'), pole: y([1, -0.6, 0.25]), hinge: y(L) },
    r: { kind: 'ik', wrist: wrist('r'), pole: y([-1, -0.6, 0.25]), hinge: y(L) },
  };
  return out;
};

/** Lying on the back on a mat, knees up, hands on the shoulders; d = 1 is sitting up. */
const sitUp: Pose = (c, d) => {
  const toe = norm(sub(R.lToe, R.lAnkle));
  const ul = armDir('l', deg(25), deg(6)), ur = armDir('r', deg(25), deg(6));
  return {
    ...c,
    pelvis: [0, 0.13, 0],
    bodyPitch: 0,
    torsoPitch: -mix(deg(86), deg(22), d),
    headPitch: deg(mix(-20, 10, d)),
    arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, L, deg(140)), hinge: L }, r: { kind: 'fk', upper: ur, fore: bend(ur, L, deg(140)), hinge: L } },
    legs: {
      l: { ankle: [0.12, R.lAnkle[1] + 0.015, 0.46], toeDir: [0.05, toe[1], toe[2]], pole: [0.1, 1, 0.2] },
      r: { ankle: [-0.12, R.rAnkle[1] + 0.015, 0.46], toeDir: [-0.05, toe[1], toe[2]], pole: [-0.1, 1, 0.2] },
    },
  };
};

/** Shoulder positions of a posture (arms do not move the shoulders). */
function shoulders(c: BodyControls): { l: V3; r: V3 } {
  const j = buildPosture({ ...c, arms: standing().arms }).joints;
  return { l: j.lShoulder, r: j.rShoulder };
}

const POSES: Record<ExerciseName, Pose> = {
  squat, lunge, push_up: pushUp, biceps_curl: curl, shoulder_press: press, lateral_raise: lateral, front_raise: front, jumping_jack: jack, deadlift,
  pull_up: pullUp, bench_press: benchPress, sit_up: sitUp,
};

/**
 * The equipment each exercise is rendered with (stations stay put; weights follow the hands). Bench presses use
 * dumbbells: a barbell's plates would hide the arms from the side, the view the engine counts bench presses from.
 */
export const EQUIPMENT_OF: Record<ExerciseName, readonly EquipmentKind[]> = {
  squat: [], lunge: [], push_up: [], biceps_curl: [], shoulder_press: [], lateral_raise: [], front_raise: [], jumping_jack: [], deadlift: [],
  pull_up: ['pullup_bar'], bench_press: ['bench', 'dumbbell', 'dumbbell'], sit_up: ['mat'],
};

/** Exercises done standing with no equipment (poses that look right on their own: identity crops, backgrounds). */
export const FREE_STANDING_EXERCISES: readonly ExerciseName[] = EXERCISES.filter((e) => e !== 'push_up' && e !== 'pull_up' && e !== 'bench_press' && e !== 'sit_up');

/** Exercises done lying down: between reps and sets, and before and after them, the person stays in the start position. */
export const STATIONED: ReadonlySet<ExerciseName> = new Set(['bench_press', 'sit_up']);

/**
 * Where an exercise's equipment is, for a person at `base` (floor point and facing) in posture `j`; `nth` counts the
 * items of the same kind (the first dumbbell is in the left hand, the second in the right).
 */
export function equipmentPlacement(kind: EquipmentKind, base: BodyControls, j: Joints, nth = 0): Placement {
  const at = (local: V3) => stationPlacement(base.x, base.z, base.yaw, local);
  switch (kind) {
    case 'pullup_bar':
      return at([0, 0, STATION.barZ]);
    case 'bench':
      return at([0, 0, STATION.benchZ]);
    case 'mat':
      return at([0, 0, STATION.matZ]);
    case 'dumbbell':
      return heldInHand(j, nth % 2 === 0 ? 'l' : 'r', kind, yawOnly(base)([1, 0, 0]));
    default:
      return at([0.4, 0.05, 0.3]);
  }
}

export function exerciseControls(name: ExerciseName, base: BodyControls, depth: number): BodyControls {
  return POSES[name](base, Math.max(0, Math.min(1.05, depth)));
}

/** Walking along the path's tangent: a gait cycle of `stride` metres; `phase` in cycles. */
export function walkingControls(base: BodyControls, phase: number, stride = 0.7): BodyControls {
  const p = 2 * Math.PI * phase;
  const foot = (off: number): V3 => {
    const s = Math.sin(p + off);
    const lift = Math.max(0, Math.cos(p + off)) * 0.07;
    return [0, R.lAnkle[1] + lift, (stride / 2) * s];
  };
  const fl = foot(0), fr = foot(Math.PI);
  const swing = (off: number) => deg(22) * Math.sin(p + off);
  const ul = armDir('l', -swing(0), deg(7)), ur = armDir('r', -swing(Math.PI), deg(7));
  return {
    ...base,
    pelvis: [0, R.pelvis[1] - 0.03 + 0.015 * Math.cos(2 * p), 0.01],
    torsoPitch: deg(4),
    torsoTwist: deg(4) * Math.sin(p),
    arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, L, deg(20)), hinge: L }, r: { kind: 'fk', upper: ur, fore: bend(ur, L, deg(20)), hinge: L } },
    legs: { l: { ...base.legs.l, ankle: [0.1, fl[1], fl[2]] }, r: { ...base.legs.r, ankle: [-0.1, fr[1], fr[2]] } },
  };
}

/** Standing and talking: slow sway and aperiodic hand gestures (incommensurate sines: no repetition to count). */
export function idleControls(base: BodyControls, t: number, talking: boolean): BodyControls {
  const g = (k: number) => Math.sin(t * 1.3 * k + k) * 0.5 + Math.sin(t * 0.71 * k + 2 * k) * 0.3 + Math.sin(t * 2.9 + k) * 0.2;
  const sway = deg(2) * Math.sin(t * 0.4);
  if (!talking) return { ...base, torsoPitch: sway, torsoTwist: deg(5) * Math.sin(t * 0.23) };
  const ul = armDir('l', deg(20 + 15 * g(1)), deg(10)), ur = armDir('r', deg(15 + 12 * g(2)), deg(10));
  return {
    ...base,
    torsoPitch: sway,
    torsoTwist: deg(8) * Math.sin(t * 0.31),
    arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, L, deg(70 + 30 * g(3))), hinge: L }, r: { kind: 'fk', upper: ur, fore: bend(ur, L, deg(60 + 35 * g(4))), hinge: L } },
  };
}

export { standing };
