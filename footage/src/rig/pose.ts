/**
 * From a posture (posed joint positions plus the axes that fix each bone's twist) to bone transforms, skinned
 * vertices and the 33 landmark positions. Each bone's rotation is set directly from its frame: the direction
 * from its joint to the next, and a hinge axis perpendicular to it (footage.md); no bone hierarchy is needed.
 */
import { BONES, LANDMARKS, REST_JOINTS, BONE_INDEX, type Joints } from './skeleton.ts';
import { apply, cross, frame, len, mulTransposed, norm, orthoTo, sub, type M3, type V3 } from './vec.ts';

export interface Posture {
  joints: Joints;
  /** The person's left in world space for the torso and head, and for the pelvis and legs. */
  torsoLateral: V3;
  pelvisLateral: V3;
  /** Elbow hinge used where the arm is straight (no bend to read it from). */
  armFallback: { l: V3; r: V3 };
}

export interface BoneTransform {
  r: M3;
  head: V3;
  restHead: V3;
}

const X: V3 = [1, 0, 0];

function boneAxis(name: string, j: Joints, torsoLat: V3, pelvisLat: V3, fallback: { l: V3; r: V3 }): V3 {
  const b = BONES[BONE_INDEX[name]!]!;
  const dir = norm(sub(j[b.to], j[b.from]));
  if (/Arm|Forearm|Hand/.test(name)) {
    const s = b.side as 'l' | 'r';
    const upper = norm(sub(j[`${s}Elbow`], j[`${s}Shoulder`]));
    const fore = norm(sub(j[`${s}Wrist`], j[`${s}Elbow`]));
    const c = cross(upper, fore);
    return orthoTo(len(c) > 0.12 ? norm(c) : fallback[s], dir, torsoLat);
  }
  const lat = b.side === 'c' && !name.startsWith('pelvis') ? torsoLat : pelvisLat;
  return orthoTo(lat, dir, [0, 0, 1]);
}

function frames(p: Posture): { head: V3; f: M3 }[] {
  return BONES.map((b) => {
    const dir = norm(sub(p.joints[b.to], p.joints[b.from]));
    return { head: p.joints[b.from], f: frame(dir, boneAxis(b.name, p.joints, p.torsoLateral, p.pelvisLateral, p.armFallback)) };
  });
}

/** The rest posture: the mesh as it is in the file. Arms straight-ish fallbacks point medially (−x), as the rest bend does. */
export const REST_POSTURE: Posture = { joints: REST_JOINTS, torsoLateral: X, pelvisLateral: X, armFallback: { l: [-1, 0, 0], r: [-1, 0, 0] } };
const REST_FRAMES = frames(REST_POSTURE);

export function boneTransforms(p: Posture): BoneTransform[] {
  return frames(p).map((x, i) => ({ r: mulTransposed(x.f, REST_FRAMES[i]!.f), head: x.head, restHead: REST_FRAMES[i]!.head }));
}

/** Skin weights: per vertex up to 4 (bone index, weight) pairs, weights summing to 1. */
export interface SkinWeights {
  bones: Uint8Array;
  weights: Float32Array;
}

/**
 * Linear blend skinning of the rest positions into `out` (both xyz per vertex). `bones` is flat, 12 numbers per
 * bone: the row-major 3×3 rotation (× scale) and the posed joint; `restHeads` the bones' rest joints. The page
 * runs this per frame on the transforms Node sends (frames.ts packs them).
 */
export function skinFlat(rest: Float32Array, w: SkinWeights, restHeads: readonly V3[], bones: ArrayLike<number>, out: Float32Array): void {
  const n = rest.length / 3;
  for (let v = 0; v < n; v++) {
    const px = rest[v * 3]!, py = rest[v * 3 + 1]!, pz = rest[v * 3 + 2]!;
    let x = 0, y = 0, z = 0;
    for (let k = 0; k < 4; k++) {
      const wt = w.weights[v * 4 + k]!;
      if (wt === 0) continue;
      const b = w.bones[v * 4 + k]!, o = b * 12, h = restHeads[b]!;
      const dx = px - h[0], dy = py - h[1], dz = pz - h[2];
      x += wt * (bones[o]! * dx + bones[o + 1]! * dy + bones[o + 2]! * dz + bones[o + 9]!);
      y += wt * (bones[o + 3]! * dx + bones[o + 4]! * dy + bones[o + 5]! * dz + bones[o + 10]!);
      z += wt * (bones[o + 6]! * dx + bones[o + 7]! * dy + bones[o + 8]! * dz + bones[o + 11]!);
    }
    out[v * 3] = x;
    out[v * 3 + 1] = y;
    out[v * 3 + 2] = z;
  }
}

/** The 12-number-per-bone form `skinFlat` reads. */
export const flatTransforms = (t: readonly BoneTransform[]): number[] => t.flatMap((b) => [...b.r, ...b.head]);

/** Linear blend skinning with bone transforms as objects (tests, Node-side checks). */
export function skin(rest: Float32Array, w: SkinWeights, t: readonly BoneTransform[], out: Float32Array): void {
  skinFlat(rest, w, t.map((b) => b.restHead), flatTransforms(t), out);
}

/** World positions of the 33 MediaPipe landmarks, in MediaPipe's order. */
export function landmarkPositions(t: readonly BoneTransform[]): V3[] {
  return LANDMARKS.map((l) => {
    const b = t[BONE_INDEX[l.bone]!]!;
    const d = apply(b.r, sub(l.rest, b.restHead));
    return [d[0] + b.head[0], d[1] + b.head[1], d[2] + b.head[2]];
  });
}
