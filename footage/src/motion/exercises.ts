/**
 * Exercise programmes: each exercise is a function of depth (0 = start position, 1 = the far end of the rep) to
 * body controls. Partial reps are depth < 1. Walking, standing and talking are functions of time instead (no reps).
 * Exercise names are the engine's catalogue ids (exercise/src/catalogue.ts).
 */
import { REST_JOINTS as R } from '../rig/skeleton.ts';
import { add, lerp, norm, rotate, scale, sub, yawRot, type V3 } from '../rig/vec.ts';
import { armDir, bend, buildPosture, LIMB, standing, straightArm, type BodyControls } from './body.ts';
import { bellInBothHands, heldInHand, STATION, stationPlacement, type EquipmentKind, type Placement } from './equipment.ts';
import type { Joints } from '../rig/skeleton.ts';

export const EXERCISES = [
  'squat', 'lunge', 'push_up', 'biceps_curl', 'shoulder_press', 'lateral_raise', 'front_raise', 'jumping_jack', 'deadlift', 'pull_up', 'bench_press', 'sit_up',
  'upright_row', 'bent_over_row', 'dip', 'hip_thrust', 'kettlebell_swing', 'burpee', 'mountain_climber', 'plank', 'wall_sit',
] as const;
export type ExerciseName = (typeof EXERCISES)[number];
/** Timed holds: a set is one hold (get into position, hold for `holdS`, get out), no reps. */
export const HOLDS: ReadonlySet<ExerciseName> = new Set(['plank', 'wall_sit']);

const deg = (d: number) => (d * Math.PI) / 180;
const mix = (a: number, b: number, t: number) => a + (b - a) * t;
const L: V3 = [-1, 0, 0];

/** `rep`: the rep's index in its set (mountain climbers alternate legs). */
type Pose = (c: BodyControls, d: number, rep: number) => BodyControls;

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

/** Where the push-up's (and so the plank's, the burpee's) hands are, along the body frame's z. */
const PLANK_HAND_Z = (() => {
  const ankleH = 0.09, lineLen = R.lShoulder[1] - R.lAnkle[1];
  const shoulderTop = (LIMB.upperArm + LIMB.forearm) * 0.97 + 0.03;
  return -0.9 + lineLen * Math.cos(Math.asin((shoulderTop - ankleH) / lineLen));
})();

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


/** Hands from the thighs up to the chest, elbows leading up and out to shoulder height; a dumbbell in each hand. */
const uprightRow: Pose = (c, d) => {
  const y = yawOnly(c), sh = shoulders(c);
  const fwd = y([0, 0, 1]), lat = y([1, 0, 0]);
  const wrist = (s: 'l' | 'r'): V3 => {
    const side = s === 'l' ? 1 : -1;
    const lo = add(add(add(sh[s], [0, -0.5, 0]), scale(fwd, 0.09)), scale(lat, -side * 0.05));
    const hi = add(add(add(sh[s], [0, -0.13, 0]), scale(fwd, 0.13)), scale(lat, -side * 0.11));
    return lerp(lo, hi, d);
  };
  const pole = (side: number): V3 => add(add(scale(lat, side), [0, 0.15 + 1.1 * d, 0]), scale(fwd, -0.2));
  return { ...c, arms: { l: { kind: 'ik', wrist: wrist('l'), pole: pole(1), hinge: y(L) }, r: { kind: 'ik', wrist: wrist('r'), pole: pole(-1), hinge: y(L) } } };
};

/** Hinged forward ~60°, knees soft, held; straight arms hang, then the elbows drive up past the torso. */
const bentOverRow: Pose = (c, d) => {
  const y = yawOnly(c);
  const out: BodyControls = {
    ...c,
    pelvis: [0, R.pelvis[1] - 0.06, -0.1],
    torsoPitch: deg(60),
    headPitch: deg(-35),
    legs: { l: { ...c.legs.l, ankle: [0.13, R.lAnkle[1], 0], pole: [0.1, 0, 1] }, r: { ...c.legs.r, ankle: [-0.13, R.rAnkle[1], 0], pole: [-0.1, 0, 1] } },
  };
  const sh = shoulders(out);
  const fwd = y([0, 0, 1]), lat = y([1, 0, 0]);
  const armLen = LIMB.upperArm + LIMB.forearm;
  const wrist = (s: 'l' | 'r'): V3 => {
    const side = s === 'l' ? 1 : -1;
    const lo = add(add(sh[s], [0, -armLen * 0.99, 0]), scale(fwd, 0.02));
    const hi = add(add(add(sh[s], [0, -0.3, 0]), scale(fwd, -0.2)), scale(lat, -side * 0.02));
    return lerp(lo, hi, d);
  };
  const pole = (side: number): V3 => add(add(scale(lat, side * 0.3), [0, 1, 0]), scale(fwd, -0.5));
  out.arms = { l: { kind: 'ik', wrist: wrist('l'), pole: pole(1), hinge: y(L) }, r: { kind: 'ik', wrist: wrist('r'), pole: pole(-1), hinge: y(L) } };
  return out;
};

/** Shoulder midpoint offset from the pelvis in the rest pose (the torso's length and natural angle). */
const SHOULDER_MID: V3 = [0, R.lShoulder[1] - R.pelvis[1], R.lShoulder[2] - R.pelvis[2]];

/** On parallel bars (hands fixed at DIP.barY), feet off the floor and knees bent; d = 1 is the bottom, elbows ~90°. */
const dip: Pose = (c, d) => {
  const w = bodyToWorld(c), y = yawOnly(c);
  const armLen = LIMB.upperArm + LIMB.forearm;
  const pitch = deg(mix(6, 22, d));
  const shoulderY = STATION.dipBarY + 0.03 + armLen * 0.985 - 0.29 * d;
  const pelvis = sub([0, shoulderY, mix(0.0, 0.06, d)], rotate(SHOULDER_MID, [1, 0, 0], pitch));
  return {
    ...c,
    pelvis,
    torsoPitch: pitch,
    headPitch: deg(-5),
    arms: {
      l: { kind: 'ik', wrist: w([STATION.dipHalf, STATION.dipBarY + 0.03, 0.04]), pole: y([0.25, 0, -1]), hinge: y(L) },
      r: { kind: 'ik', wrist: w([-STATION.dipHalf, STATION.dipBarY + 0.03, 0.04]), pole: y([-0.25, 0, -1]), hinge: y(L) },
    },
    legs: {
      l: { ankle: [0.1, pelvis[1] - 0.6, pelvis[2] - 0.38], toeDir: [0, -0.75, -0.66], pole: [0, 0, 1] },
      r: { ankle: [-0.1, pelvis[1] - 0.6, pelvis[2] - 0.38], toeDir: [0, -0.75, -0.66], pole: [0, 0, 1] },
    },
  };
};

/** Upper back on a bench across behind the shoulders, feet planted, knees up; d = 1 is the hips up level with the shoulders. */
const hipThrust: Pose = (c, d) => {
  const toe = norm(sub(R.lToe, R.lAnkle));
  // The shoulders pivot on the bench's edge; the pelvis swings up around them at the torso's length.
  const P: V3 = [0, STATION.thrustBenchTop + 0.07, STATION.thrustShoulderZ];
  const T = Math.hypot(SHOULDER_MID[1], SHOULDER_MID[2]);
  const py = mix(0.2, P[1] + 0.03, d);
  const pz = P[2] + Math.sqrt(Math.max(0, T * T - (P[1] - py) ** 2));
  const pitch = Math.atan2(P[2] - pz, P[1] - py) - Math.atan2(SHOULDER_MID[2], SHOULDER_MID[1]);
  const ul = armDir('l', 0, deg(18)), ur = armDir('r', 0, deg(18));
  return {
    ...c,
    pelvis: [0, py, pz],
    torsoPitch: pitch,
    headPitch: deg(mix(30, 50, d)),
    arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, L, deg(15)), hinge: L }, r: { kind: 'fk', upper: ur, fore: bend(ur, L, deg(15)), hinge: L } },
    legs: {
      l: { ankle: [0.17, R.lAnkle[1], 0.36], toeDir: [0.1, toe[1], toe[2]], pole: [0.05, 1, 0.3] },
      r: { ankle: [-0.17, R.rAnkle[1], 0.36], toeDir: [-0.1, toe[1], toe[2]], pole: [-0.05, 1, 0.3] },
    },
  };
};

/** A hip hinge that swings straight arms (one kettlebell in both hands) from between the legs (d = 1) up to shoulder height (d = 0). */
const kettlebellSwing: Pose = (c, d) => {
  const lean = deg(68) * d;
  // Arms in the world: forward 85° from hanging at the top of the swing, 25° behind vertical at the bottom.
  const worldFlex = deg(mix(85, -25, d));
  const ul = armDir('l', worldFlex + lean, deg(-17)), ur = armDir('r', worldFlex + lean, deg(-17));
  return {
    ...c,
    pelvis: [0, R.pelvis[1] - 0.02 - 0.1 * d, 0.01 - 0.2 * d],
    torsoPitch: lean,
    headPitch: deg(-30) * d,
    arms: { l: straightArm(ul, L), r: straightArm(ur, L) },
    legs: { l: { ...c.legs.l, ankle: [0.2, R.lAnkle[1], 0], pole: [0.25, 0, 1] }, r: { ...c.legs.r, ankle: [-0.2, R.rAnkle[1], 0], pole: [-0.25, 0, 1] } },
  };
};

/** Controls between two postures: positions, angles and IK targets interpolated (IK keeps the bone lengths). */
function blendControls(a: BodyControls, b: BodyControls, t: number): BodyControls {
  const ik = (c: BodyControls) => {
    if (c.arms.l.kind === 'ik' && c.arms.r.kind === 'ik') return c.arms as { l: Extract<BodyControls['arms']['l'], { kind: 'ik' }>; r: Extract<BodyControls['arms']['l'], { kind: 'ik' }> };
    const j = buildPosture(c).joints, y = yawOnly(c);
    return { l: { kind: 'ik' as const, wrist: j.lWrist, pole: y([0.3, 0, -1]), hinge: y(L) }, r: { kind: 'ik' as const, wrist: j.rWrist, pole: y([-0.3, 0, -1]), hinge: y(L) } };
  };
  const A = ik(a), B = ik(b);
  const arm = (s: 'l' | 'r') => ({ kind: 'ik' as const, wrist: lerp(A[s].wrist, B[s].wrist, t), pole: lerp(A[s].pole, B[s].pole, t), hinge: lerp(A[s].hinge, B[s].hinge, t) });
  const leg = (s: 'l' | 'r') => ({ ankle: lerp(a.legs[s].ankle, b.legs[s].ankle, t), toeDir: norm(lerp(a.legs[s].toeDir, b.legs[s].toeDir, t)), pole: lerp(a.legs[s].pole, b.legs[s].pole, t) });
  return {
    ...a,
    pelvis: lerp(a.pelvis, b.pelvis, t),
    bodyPitch: mix(a.bodyPitch ?? 0, b.bodyPitch ?? 0, t),
    torsoPitch: mix(a.torsoPitch, b.torsoPitch, t),
    torsoTwist: mix(a.torsoTwist ?? 0, b.torsoTwist ?? 0, t),
    headPitch: mix(a.headPitch ?? 0, b.headPitch ?? 0, t),
    arms: { l: arm('l'), r: arm('r') },
    legs: { l: leg('l'), r: leg('r') },
  };
}

/** Squatting low, hands on the floor in front of the feet where the plank (the top of a push-up) has them. */
const crouch = (c: BodyControls): BodyControls => {
  const w = bodyToWorld(c), y = yawOnly(c);
  const toe = norm(sub(R.lToe, R.lAnkle));
  const handZ = PLANK_HAND_Z;
  return {
    ...c,
    pelvis: [0, 0.4, -0.15],
    bodyPitch: 0,
    torsoPitch: deg(64),
    headPitch: deg(-30),
    arms: {
      l: { kind: 'ik', wrist: w([0.2, 0.06, handZ]), pole: y([1, 0.3, -0.6]), hinge: y(L) },
      r: { kind: 'ik', wrist: w([-0.2, 0.06, handZ]), pole: y([-1, 0.3, -0.6]), hinge: y(L) },
    },
    legs: { l: { ankle: [0.15, R.lAnkle[1], 0], toeDir: [0.15, toe[1], toe[2]], pole: [0.35, 0, 1] }, r: { ankle: [-0.15, R.rAnkle[1], 0], toeDir: [-0.15, toe[1], toe[2]], pole: [-0.35, 0, 1] } },
  };
};

/** The top of a push-up, on the toes: each foot from the ankle down to the floor and towards the hands. */
const plankPose = (c: BodyControls): BodyControls => {
  const p = pushUp(c, 0, 0);
  const toeDir: V3 = [0, -0.5, 0.87];
  return { ...p, legs: { l: { ...p.legs.l, toeDir }, r: { ...p.legs.r, toeDir } } };
};

/** Stand → crouch, hands down (d 0 … 0.45) → feet back to a straight-arm plank (d = 1), and back up. */
const burpee: Pose = (c, d) => {
  const cr = crouch(c);
  if (d <= 0.45) return blendControls(c, cr, smoothstep(d / 0.45));
  // Knees bend forward and up while the feet go back (the plank's own pole points them at the floor).
  const plank = plankPose(c);
  const legs = { l: { ...plank.legs.l, pole: [0.2, 0.4, 1] as V3 }, r: { ...plank.legs.r, pole: [-0.2, 0.4, 1] as V3 } };
  return blendControls(cr, { ...plank, legs }, smoothstep((d - 0.45) / 0.55));
};

/** A straight-arm plank, one knee driven in towards the chest per rep, the legs taking turns (d = 1 the knee in). */
const mountainClimber: Pose = (c, d, rep) => {
  const p = plankPose(c);
  const s = rep % 2 === 0 ? 'l' : 'r';
  const leg = p.legs[s];
  const tucked: V3 = [leg.ankle[0], 0.22, p.pelvis[2] - 0.12];
  const legs = { ...p.legs, [s]: { ankle: lerp(leg.ankle, tucked, d), toeDir: leg.toeDir, pole: lerp(leg.pole, [0, -0.6, 1], Math.min(1, d * 3)) } };
  return { ...p, legs };
};

/** Back flat against a wall (STATION.wallZ behind), sliding down from standing (d = 0) to thighs level, knees ~90° (d = 1). */
const wallSit: Pose = (c, d) => {
  const toe = norm(sub(R.lToe, R.lAnkle));
  const pz = STATION.wallZ + 0.14;
  const sitY = R.lAnkle[1] + LIMB.shin + (R.pelvis[1] - R.lHip[1]) - 0.01;
  const ankleZ = mix(pz + 0.2, pz + LIMB.thigh * 0.98, d);
  const ul = armDir('l', deg(mix(4, 20, d)), deg(10)), ur = armDir('r', deg(mix(4, 20, d)), deg(10));
  return {
    ...c,
    pelvis: [0, mix(R.pelvis[1] - 0.04, sitY, d), pz],
    torsoPitch: deg(-2),
    arms: { l: { kind: 'fk', upper: ul, fore: bend(ul, L, deg(15)), hinge: L }, r: { kind: 'fk', upper: ur, fore: bend(ur, L, deg(15)), hinge: L } },
    legs: {
      l: { ankle: [0.14, R.lAnkle[1], ankleZ], toeDir: [0.12, toe[1], toe[2]], pole: [0.1, 0, 1] },
      r: { ankle: [-0.14, R.rAnkle[1], ankleZ], toeDir: [-0.12, toe[1], toe[2]], pole: [-0.1, 0, 1] },
    },
  };
};

const smoothstep = (x: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, Math.min(1, x)));

/** Shoulder positions of a posture (arms do not move the shoulders). */
function shoulders(c: BodyControls): { l: V3; r: V3 } {
  const j = buildPosture({ ...c, arms: standing().arms }).joints;
  return { l: j.lShoulder, r: j.rShoulder };
}

const POSES: Record<ExerciseName, Pose> = {
  squat, lunge, push_up: pushUp, biceps_curl: curl, shoulder_press: press, lateral_raise: lateral, front_raise: front, jumping_jack: jack, deadlift,
  pull_up: pullUp, bench_press: benchPress, sit_up: sitUp,
  upright_row: uprightRow, bent_over_row: bentOverRow, dip, hip_thrust: hipThrust, kettlebell_swing: kettlebellSwing, burpee, mountain_climber: mountainClimber,
  // The holds: d from 0 (standing) to 1 is getting into position, held at 1.
  plank: burpee, wall_sit: wallSit,
};

/**
 * The equipment each exercise is rendered with (stations stay put; weights follow the hands). Bench presses use
 * dumbbells: a barbell's plates would hide the arms from the side, the view the engine counts bench presses from.
 */
export const EQUIPMENT_OF: Record<ExerciseName, readonly EquipmentKind[]> = {
  squat: [], lunge: [], push_up: [], biceps_curl: [], shoulder_press: [], lateral_raise: [], front_raise: [], jumping_jack: [], deadlift: [],
  pull_up: ['pullup_bar'], bench_press: ['bench', 'dumbbell', 'dumbbell'], sit_up: ['mat'],
  upright_row: ['dumbbell', 'dumbbell'], bent_over_row: ['dumbbell', 'dumbbell'], dip: ['dip_bars'], hip_thrust: ['thrust_bench', 'mat'],
  kettlebell_swing: ['kettlebell_2h'], burpee: [], mountain_climber: ['mat'], plank: ['mat'], wall_sit: ['wall'],
};

/** Exercises done standing with no equipment (poses that look right on their own: identity crops, backgrounds). */
export const FREE_STANDING_EXERCISES: readonly ExerciseName[] = ['squat', 'lunge', 'biceps_curl', 'shoulder_press', 'lateral_raise', 'front_raise', 'jumping_jack', 'deadlift'];

/** Exercises done lying down: between reps and sets, and before and after them, the person stays in the start position. */
export const STATIONED: ReadonlySet<ExerciseName> = new Set(['bench_press', 'sit_up', 'hip_thrust', 'mountain_climber']);

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
    case 'dip_bars':
      return at([0, 0, 0.04]);
    case 'thrust_bench':
      // Across behind the shoulders: the bench's long axis along the person's lateral axis.
      return stationPlacement(base.x, base.z, base.yaw + Math.PI / 2, yawRot(-Math.PI / 2)([0, 0, STATION.thrustBenchZ]));
    case 'wall':
      return at([0, 0, STATION.wallZ]);
    case 'kettlebell_2h':
      return bellInBothHands(j, yawOnly(base)([1, 0, 0]));
    case 'dumbbell':
      return heldInHand(j, nth % 2 === 0 ? 'l' : 'r', kind, yawOnly(base)([1, 0, 0]));
    default:
      return at([0.4, 0.05, 0.3]);
  }
}

export function exerciseControls(name: ExerciseName, base: BodyControls, depth: number, rep = 0): BodyControls {
  return POSES[name](base, Math.max(0, Math.min(1.05, depth)), rep);
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
