/**
 * 3D stick-figure model for the test generator: a pose spec (pelvis, spine and chest directions, hand and foot
 * targets with bend hints) becomes the 33 MediaPipe landmarks in world metres-ish units (body height 1, y up).
 */
export type V3 = [number, number, number];

export const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const mul = (a: V3, k: number): V3 => [a[0] * k, a[1] * k, a[2] * k];
export const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm = (a: V3): number => Math.hypot(a[0], a[1], a[2]);
export const unit = (a: V3): V3 => {
  const n = norm(a);
  return n > 1e-12 ? mul(a, 1 / n) : [0, 1, 0];
};
/** a + b*k + c*m */
export const comb = (a: V3, b: V3, k: number, c?: V3, m = 0): V3 => (c ? add(add(a, mul(b, k)), mul(c, m)) : add(a, mul(b, k)));
export const lerp3 = (a: V3, b: V3, t: number): V3 => add(a, mul(sub(b, a), t));

export const UP: V3 = [0, 1, 0];
/** The person's forward before the camera turns (towards a camera at yaw 0). */
export const FWD: V3 = [0, 0, 1];
/** The person's left when upright and facing FWD (= UP x FWD). */
export const LEFT: V3 = [1, 0, 0];

export interface BodyDims {
  torso: number; neck: number; shoulderHalf: number; hipHalf: number;
  upperArm: number; foreArm: number; thigh: number; shin: number; foot: number; ankleH: number;
}

export function bodyDims(rand: () => number): BodyDims {
  const j = (v: number, k = 0.08): number => v * (1 + (rand() * 2 - 1) * k);
  return {
    torso: j(0.3), neck: j(0.1), shoulderHalf: j(0.115), hipHalf: j(0.06),
    upperArm: j(0.165), foreArm: j(0.15), thigh: j(0.245), shin: j(0.245), foot: j(0.12), ankleH: 0.045,
  };
}

export interface Limb {
  /** End effector target (hand / ankle); clamped to reach. */
  target: V3;
  /** Direction the middle joint (elbow / knee) bends towards. */
  bend: V3;
}

export interface PoseSpec {
  pelvis: V3;
  /** Unit vector pelvis -> neck. */
  spine: V3;
  /** Unit vector the chest faces (perpendicular to spine). */
  chest: V3;
  /** Head tilt towards the chest, radians (0 = head continues the spine). */
  headDrop?: number;
  /** Shoulders pulled towards the chest (rounded upper back), in body heights. */
  shoulderRound?: number;
  arms: [Limb, Limb]; // left, right
  legs: [Limb, Limb];
  /** Direction the toes point (default: chest projected horizontally, or forward). */
  toes?: V3;
}

/** Two-bone inverse kinematics: the middle joint and the (reach-clamped) end. */
export function ik(root: V3, l1: number, l2: number, limb: Limb): [V3, V3] {
  const d0 = sub(limb.target, root);
  const dist = Math.min(Math.max(norm(d0), Math.abs(l1 - l2) + 1e-4), (l1 + l2) * 0.9995);
  const dir = unit(d0);
  const a = (l1 * l1 - l2 * l2 + dist * dist) / (2 * dist);
  const h = Math.sqrt(Math.max(0, l1 * l1 - a * a));
  let perp = sub(limb.bend, mul(dir, dot(limb.bend, dir)));
  if (norm(perp) < 1e-6) perp = Math.abs(dir[1]) < 0.9 ? sub(UP, mul(dir, dir[1])) : sub(FWD, mul(dir, dir[2]));
  perp = unit(perp);
  return [add(add(root, mul(dir, a)), mul(perp, h)), add(root, mul(dir, dist))];
}

/** The 33 landmarks (MediaPipe order) of a pose, in world coordinates. */
export function buildSkeleton(b: BodyDims, s: PoseSpec): V3[] {
  const spine = unit(s.spine), chest = unit(s.chest);
  const left = unit(cross(spine, chest));
  let neck = comb(s.pelvis, spine, b.torso);
  if (s.shoulderRound) neck = comb(neck, chest, s.shoulderRound, spine, -s.shoulderRound * 0.5);
  const ls = comb(neck, left, b.shoulderHalf), rs = comb(neck, left, -b.shoulderHalf);
  const lh = comb(s.pelvis, left, b.hipHalf), rh = comb(s.pelvis, left, -b.hipHalf);
  const drop = s.headDrop ?? 0;
  const headDir = unit(add(mul(spine, Math.cos(drop)), mul(chest, Math.sin(drop))));
  const headUp = unit(sub(mul(spine, Math.cos(drop)), mul(chest, -Math.sin(drop)))); // not used for placement
  void headUp;
  const faceFwd = unit(add(mul(chest, Math.cos(drop)), mul(spine, -Math.sin(drop))));
  const head = comb(neck, headDir, b.neck);
  const face = (f: number, u: number, l: number): V3 => add(add(comb(head, faceFwd, f), mul(headDir, u)), mul(left, l));
  const [le, lw] = ik(ls, b.upperArm, b.foreArm, s.arms[0]);
  const [re, rw] = ik(rs, b.upperArm, b.foreArm, s.arms[1]);
  const [lk, la] = ik(lh, b.thigh, b.shin, s.legs[0]);
  const [rk, ra] = ik(rh, b.thigh, b.shin, s.legs[1]);
  const hand = (e: V3, w: V3, side: number): [V3, V3, V3] => {
    const d = unit(sub(w, e));
    return [comb(comb(w, d, 0.06), left, side * 0.015), comb(comb(w, d, 0.07), left, -side * 0.005), comb(comb(w, d, 0.03), left, -side * 0.02)];
  };
  const [lp, li, lt] = hand(le, lw, 1);
  const [rp, ri, rt] = hand(re, rw, -1);
  let toes = s.toes ?? [chest[0], 0, chest[2]];
  if (norm(toes) < 0.3) toes = FWD;
  toes = unit(toes);
  const foot = (a: V3): [V3, V3] => [comb(a, toes, -0.03, UP, -0.03), comb(a, toes, b.foot, UP, -0.035)];
  const [lheel, lfoot] = foot(la);
  const [rheel, rfoot] = foot(ra);
  return [
    face(0.09, 0.02, 0), // nose
    face(0.075, 0.045, 0.015), face(0.07, 0.045, 0.03), face(0.065, 0.045, 0.045),
    face(0.075, 0.045, -0.015), face(0.07, 0.045, -0.03), face(0.065, 0.045, -0.045),
    face(0, 0.03, 0.075), face(0, 0.03, -0.075), // ears
    face(0.08, -0.02, 0.02), face(0.08, -0.02, -0.02), // mouth
    ls, rs, le, re, lw, rw, lp, rp, li, ri, lt, rt, lh, rh, lk, rk, la, ra, lheel, rheel, lfoot, rfoot,
  ];
}
