/** Small 3-vector and 3×3 rotation helpers for the rig (plain tuples, no allocation-heavy classes). */
export type V3 = [number, number, number];
/** Row-major 3×3 matrix. */
export type M3 = [number, number, number, number, number, number, number, number, number];

export const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const len = (a: V3): number => Math.hypot(a[0], a[1], a[2]);
export const norm = (a: V3): V3 => {
  const l = len(a);
  return l > 1e-12 ? [a[0] / l, a[1] / l, a[2] / l] : [0, 0, 0];
};
export const lerp = (a: V3, b: V3, t: number): V3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
export const dist = (a: V3, b: V3): number => len(sub(a, b));

/** `ref` made perpendicular to the unit vector `dir` (Gram-Schmidt); `fallback` where they are nearly parallel. */
export function orthoTo(ref: V3, dir: V3, fallback: V3): V3 {
  const r = sub(ref, scale(dir, dot(ref, dir)));
  if (len(r) > 1e-3) return norm(r);
  const f = sub(fallback, scale(dir, dot(fallback, dir)));
  return norm(f);
}

/** Rotation of `v` about the unit `axis` by `angle` radians (Rodrigues). */
export function rotate(v: V3, axis: V3, angle: number): V3 {
  const c = Math.cos(angle), s = Math.sin(angle);
  const k = cross(axis, v);
  const d = dot(axis, v) * (1 - c);
  return [v[0] * c + k[0] * s + axis[0] * d, v[1] * c + k[1] * s + axis[1] * d, v[2] * c + k[2] * s + axis[2] * d];
}

/** Orthonormal frame with columns (dir, axis, dir × axis). */
export function frame(dir: V3, axis: V3): M3 {
  const w = cross(dir, axis);
  return [dir[0], axis[0], w[0], dir[1], axis[1], w[1], dir[2], axis[2], w[2]];
}

/** a · bᵀ for row-major 3×3 matrices (the rotation taking frame b to frame a when both are orthonormal). */
export function mulTransposed(a: M3, b: M3): M3 {
  const o = new Array(9).fill(0) as M3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) o[i * 3 + j] = a[i * 3]! * b[j * 3]! + a[i * 3 + 1]! * b[j * 3 + 1]! + a[i * 3 + 2]! * b[j * 3 + 2]!;
  return o;
}

export const apply = (m: M3, v: V3): V3 => [m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];

/** Rotation about the world y axis (yaw), as a function on vectors. */
export const yawRot = (yaw: number) => (v: V3): V3 => [v[0] * Math.cos(yaw) + v[2] * Math.sin(yaw), v[1], -v[0] * Math.sin(yaw) + v[2] * Math.cos(yaw)];

/**
 * Two-bone inverse kinematics: the middle joint for a chain root → end with bone lengths a, b, bending towards
 * `pole`. The end is pulled in along the line where it is out of reach.
 */
export function twoBoneIk(root: V3, end: V3, a: number, b: number, pole: V3): { mid: V3; end: V3 } {
  let d = sub(end, root);
  let l = len(d);
  const maxL = (a + b) * 0.9995;
  if (l > maxL) {
    d = scale(norm(d), maxL);
    l = maxL;
  }
  const minL = Math.abs(a - b) + 1e-3;
  if (l < minL) {
    d = scale(norm(d), minL);
    l = minL;
  }
  const u = norm(d);
  const x = (a * a - b * b + l * l) / (2 * l);
  const h = Math.sqrt(Math.max(0, a * a - x * x));
  const p = orthoTo(pole, u, [0, 0, 1]);
  return { mid: add(add(root, scale(u, x)), scale(p, h)), end: add(root, d) };
}
