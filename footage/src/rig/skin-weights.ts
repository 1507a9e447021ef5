/**
 * Skin weights computed from the rest mesh: weight ∝ (distance to the bone's capsule surface + 0.01)^-4, with side
 * masks (a left-side vertex never follows a right limb), a few smoothing passes over the mesh edges, the 4 largest
 * kept (footage.md). Deterministic; computed once per process (≈0.3 s for 13k vertices).
 */
import { BONES, REST_JOINTS } from './skeleton.ts';
import type { SkinWeights } from './pose.ts';

function segmentDistance(px: number, py: number, pz: number, a: readonly number[], b: readonly number[]): number {
  const abx = b[0]! - a[0]!, aby = b[1]! - a[1]!, abz = b[2]! - a[2]!;
  const apx = px - a[0]!, apy = py - a[1]!, apz = pz - a[2]!;
  const t = Math.max(0, Math.min(1, (apx * abx + apy * aby + apz * abz) / (abx * abx + aby * aby + abz * abz)));
  return Math.hypot(apx - abx * t, apy - aby * t, apz - abz * t);
}

/** Allowed bones for a vertex: limbs of its own side only; the middle strip (|x| < 2 cm) may follow either leg. */
function allowed(boneSide: 'l' | 'r' | 'c', x: number, y: number): boolean {
  if (boneSide === 'c') return true;
  if (Math.abs(x) < 0.02 && y < 0.95) return true;
  return boneSide === 'l' ? x > 0 : x < 0;
}

export function computeSkinWeights(rest: Float32Array, triangles: Uint32Array, passes = 3): SkinWeights & { dominant: Uint8Array } {
  const n = rest.length / 3;
  const B = BONES.length;
  let w = new Float32Array(n * B);
  for (let v = 0; v < n; v++) {
    const x = rest[v * 3]!, y = rest[v * 3 + 1]!, z = rest[v * 3 + 2]!;
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const bone = BONES[b]!;
      if (!allowed(bone.side, x, y)) continue;
      const d = Math.max(0, segmentDistance(x, y, z, REST_JOINTS[bone.from], REST_JOINTS[bone.to]) - bone.radius);
      const wt = (d + 0.01) ** -4;
      w[v * B + b] = wt;
      sum += wt;
    }
    for (let b = 0; b < B; b++) w[v * B + b]! /= sum;
  }
  // Smoothing over mesh edges (neighbour average, half-weighted), keeping the side masks.
  const nbr: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < triangles.length; i += 3) {
    const a = triangles[i]!, b = triangles[i + 1]!, c = triangles[i + 2]!;
    nbr[a]!.push(b, c);
    nbr[b]!.push(a, c);
    nbr[c]!.push(a, b);
  }
  for (let p = 0; p < passes; p++) {
    const next = new Float32Array(n * B);
    for (let v = 0; v < n; v++) {
      const ns = nbr[v]!;
      for (let b = 0; b < B; b++) {
        let s = 0;
        for (const u of ns) s += w[u * B + b]!;
        next[v * B + b] = ns.length ? 0.5 * w[v * B + b]! + (0.5 * s) / ns.length : w[v * B + b]!;
      }
      const x = rest[v * 3]!, y = rest[v * 3 + 1]!;
      for (let b = 0; b < B; b++) if (!allowed(BONES[b]!.side, x, y)) next[v * B + b] = 0;
    }
    w = next;
  }
  const bones = new Uint8Array(n * 4), weights = new Float32Array(n * 4), dominant = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    const order = Array.from({ length: B }, (_, b) => b).sort((a, b) => w[v * B + b]! - w[v * B + a]!);
    let sum = 0;
    for (let k = 0; k < 4; k++) sum += w[v * B + order[k]!]!;
    for (let k = 0; k < 4; k++) {
      bones[v * 4 + k] = order[k]!;
      weights[v * 4 + k] = sum > 0 ? w[v * B + order[k]!]! / sum : k === 0 ? 1 : 0;
    }
    dominant[v] = order[0]!;
  }
  return { bones, weights, dominant };
}
