/**
 * Exercise programmes: each exercise is a function of depth (0 = start position, 1 = the far end of the rep) to
 * body controls. Partial reps are depth < 1. Walking, standing and talking are functions of time instead (no reps).
 * Exercise names are the engine's catalogue ids (exercise/src/catalogue.ts).
 */
import { REST_JOINTS as R } from '../rig/skeleton.ts';
import { norm, sub, type V3 } from '../rig/vec.ts';
import { armDir, bend, LIMB, standing, straightArm, type BodyControls } from './body.ts';

export const EXERCISES = ['squat', 'lunge', 'push_up', 'biceps_curl', 'shoulder_press', 'lateral_raise', 'front_raise', 'jumping_jack', 'deadlift'] as const;
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

const POSES: Record<ExerciseName, Pose> = {
  squat, lunge, push_up: pushUp, biceps_curl: curl, shoulder_press: press, lateral_raise: lateral, front_raise: front, jumping_jack: jack, deadlift,
};

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
