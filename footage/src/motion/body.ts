/**
 * Building a posture from a few body-level controls: where the person stands and faces, how low the pelvis is, how
 * far the torso leans, where each arm and foot goes. Arms are set by direction (forward kinematics), or by a hand
 * target (two-bone IK, push-ups); legs always reach planted or placed feet by two-bone IK, the pelvis lowered until
 * they can. Everything here is in metres of the 1.66 m rest mesh; a person's height scales the result.
 */
import { REST_JOINTS as R, type Joints } from '../rig/skeleton.ts';
import type { Posture } from '../rig/pose.ts';
import { add, dist, norm, rotate, scale, sub, twoBoneIk, type V3 } from '../rig/vec.ts';

export type ArmControl =
  | { kind: 'fk'; upper: V3; fore: V3; hinge: V3 }
  /** Hand (wrist) target in world space, elbow bending towards `pole` (world). */
  | { kind: 'ik'; wrist: V3; pole: V3; hinge: V3 };

export interface BodyControls {
  /** Floor position (x, z) and facing (yaw, radians; 0 faces +z). */
  x: number;
  z: number;
  yaw: number;
  /** Pelvis position in the body frame (rest: [0, 0.9, 0.01]). */
  pelvis: V3;
  /** Whole-body pitch about the lateral axis at the pelvis (push-ups: the body line), radians, forward positive. */
  bodyPitch?: number;
  /** Torso lean on top of the body pitch, radians, forward positive. */
  torsoPitch: number;
  /** Twist of the torso about its own axis (turning, talking), radians. */
  torsoTwist?: number;
  headPitch?: number;
  arms: { l: ArmControl; r: ArmControl };
  /** Ankle positions in the body frame, foot pointing direction (body frame), knee pole (body frame). */
  legs: { l: { ankle: V3; toeDir: V3; pole: V3 }; r: { ankle: V3; toeDir: V3; pole: V3 } };
}

const X: V3 = [1, 0, 0], Y: V3 = [0, 1, 0], Z: V3 = [0, 0, 1];
export const LIMB = {
  upperArm: dist(R.lShoulder, R.lElbow),
  forearm: dist(R.lElbow, R.lWrist),
  hand: dist(R.lWrist, R.lHandTip),
  thigh: dist(R.lHip, R.lKnee),
  shin: dist(R.lKnee, R.lAnkle),
  foot: dist(R.lAnkle, R.lToe),
};

/** Arm direction in the torso frame: hanging down, raised sideways by `abd` then forwards by `flex` (radians). */
export function armDir(side: 'l' | 'r', flex: number, abd: number): V3 {
  let v: V3 = [0, -1, 0];
  v = rotate(v, Z, (side === 'l' ? 1 : -1) * abd);
  return rotate(v, X, -flex);
}

/** `upper` bent by `angle` about `hinge` (the forearm of a flexed elbow). */
export const bend = (upper: V3, hinge: V3, angle: number): V3 => norm(rotate(upper, norm(hinge), angle));

/** Straight arm in a direction; hinge for a straight arm (which way it would bend). */
export const straightArm = (dir: V3, hinge: V3): ArmControl => ({ kind: 'fk', upper: dir, fore: dir, hinge });

export function buildPosture(c: BodyControls): Posture {
  const yawV = (v: V3) => rotate(v, Y, c.yaw);
  const root: V3 = [c.x, 0, c.z];
  const toWorld = (local: V3): V3 => add(root, yawV(local));
  const pelvisW = toWorld(c.pelvis);
  const lat = yawV(X);
  const body = (v: V3) => rotate(yawV(v), lat, c.bodyPitch ?? 0);
  const torso = (v: V3) => {
    let w = rotate(v, Y, c.torsoTwist ?? 0);
    w = rotate(w, X, c.torsoPitch + (c.bodyPitch ?? 0));
    return yawV(w);
  };
  const upper = (j: keyof Joints) => add(pelvisW, torso(sub(R[j], R.pelvis)));
  const j = {} as Joints;
  for (const k of ['spine', 'chest', 'neck', 'lShoulder', 'rShoulder'] as const) j[k] = upper(k);
  j.pelvis = pelvisW;
  const headLocal = (k: 'head' | 'headTop') => rotate(sub(R[k], R.neck), X, c.headPitch ?? 0);
  j.head = add(j.neck, torso(headLocal('head')));
  j.headTop = add(j.neck, torso(headLocal('headTop')));
  for (const s of ['l', 'r'] as const) {
    const a = c.arms[s];
    const sh = j[`${s}Shoulder`];
    if (a.kind === 'fk') {
      j[`${s}Elbow`] = add(sh, scale(norm(torso(a.upper)), LIMB.upperArm));
      j[`${s}Wrist`] = add(j[`${s}Elbow`], scale(norm(torso(a.fore)), LIMB.forearm));
      j[`${s}HandTip`] = add(j[`${s}Wrist`], scale(norm(torso(a.fore)), LIMB.hand));
    } else {
      const ik = twoBoneIk(sh, a.wrist, LIMB.upperArm, LIMB.forearm, a.pole);
      j[`${s}Elbow`] = ik.mid;
      j[`${s}Wrist`] = ik.end;
      j[`${s}HandTip`] = add(ik.end, scale(norm(sub(ik.end, ik.mid)), LIMB.hand));
    }
    const hip = add(pelvisW, body(sub(R[`${s}Hip`], R.pelvis)));
    const leg = c.legs[s];
    const ik = twoBoneIk(hip, toWorld(leg.ankle), LIMB.thigh, LIMB.shin, yawV(leg.pole));
    j[`${s}Hip`] = hip;
    j[`${s}Knee`] = ik.mid;
    j[`${s}Ankle`] = ik.end;
    j[`${s}Toe`] = add(ik.end, scale(norm(yawV(leg.toeDir)), LIMB.foot));
  }
  const hinge = (s: 'l' | 'r') => {
    const a = c.arms[s];
    return a.kind === 'fk' ? torso(a.hinge) : a.hinge;
  };
  return { joints: j, torsoLateral: torso(X), pelvisLateral: body(X), armFallback: { l: hinge('l'), r: hinge('r') } };
}

/** Standing rest controls (feet and arms as in the mesh, arms hanging a little less wide). */
export function standing(x = 0, z = 0, yaw = 0): BodyControls {
  const toe = norm(sub(R.lToe, R.lAnkle));
  return {
    x, z, yaw,
    pelvis: R.pelvis,
    torsoPitch: 0,
    arms: {
      l: { kind: 'fk', upper: armDir('l', 0.05, 0.2), fore: bend(armDir('l', 0.05, 0.2), [-1, 0, 0], 0.25), hinge: [-1, 0, 0] },
      r: { kind: 'fk', upper: armDir('r', 0.05, 0.2), fore: bend(armDir('r', 0.05, 0.2), [-1, 0, 0], 0.25), hinge: [-1, 0, 0] },
    },
    legs: {
      l: { ankle: [0.12, R.lAnkle[1], 0.0], toeDir: [0.15, toe[1], toe[2]], pole: [0.1, 0, 1] },
      r: { ankle: [-0.12, R.rAnkle[1], 0.0], toeDir: [-0.15, toe[1], toe[2]], pole: [-0.1, 0, 1] },
    },
  };
}
