/**
 * Body shape beyond height: girth, scaling each vertex away from the bones it follows (blended by its skin
 * weights, so neighbouring vertices on different bones stay together). The torso takes the full girth, the limbs
 * 80 % of it, head, hands and feet none. Joint centres, and so the landmarks, do not move.
 */
import { BONES, REST_JOINTS } from './skeleton.ts';
import type { SkinWeights } from './pose.ts';

const TORSO = new Set(['pelvis', 'spine', 'chest']);
const FIXED = new Set(['neck', 'head', 'lHand', 'rHand', 'lFoot', 'rFoot']);

export function boneGirth(bone: string, girth: number): number {
  if (TORSO.has(bone)) return girth;
  if (FIXED.has(bone)) return 1;
  return 1 + (girth - 1) * 0.8;
}

/** The rest positions of a person of `girth` (a new array; `rest` unchanged). */
export function shapedRest(rest: Float32Array, w: SkinWeights, girth: number): Float32Array {
  const out = Float32Array.from(rest);
  if (girth === 1) return out;
  const seg = BONES.map((b) => ({ a: REST_JOINTS[b.from], b: REST_JOINTS[b.to], g: boneGirth(b.name, girth) }));
  const n = rest.length / 3;
  for (let v = 0; v < n; v++) {
    const p = [rest[v * 3]!, rest[v * 3 + 1]!, rest[v * 3 + 2]!];
    let dx = 0, dy = 0, dz = 0;
    for (let k = 0; k < 4; k++) {
      const wt = w.weights[v * 4 + k]!;
      if (wt === 0) continue;
      const s = seg[w.bones[v * 4 + k]!]!;
      const ab = [s.b[0] - s.a[0], s.b[1] - s.a[1], s.b[2] - s.a[2]];
      const t = Math.max(0, Math.min(1, ((p[0]! - s.a[0]) * ab[0]! + (p[1]! - s.a[1]) * ab[1]! + (p[2]! - s.a[2]) * ab[2]!) / (ab[0]! ** 2 + ab[1]! ** 2 + ab[2]! ** 2)));
      // Offset from the closest point of the bone, grown by the bone's girth.
      const f = (s.g - 1) * wt;
      dx += f * (p[0]! - (s.a[0] + ab[0]! * t));
      dy += f * (p[1]! - (s.a[1] + ab[1]! * t));
      dz += f * (p[2]! - (s.a[2] + ab[2]! * t));
    }
    out[v * 3] = p[0]! + dx;
    out[v * 3 + 1] = p[1]! + dy;
    out[v * 3 + 2] = p[2]! + dz;
  }
  return out;
}
