/** Vertex colours of one person from their look: skin, hair cap, top with sleeves, shorts or long trousers, shoes. */
import { BONES, REST_JOINTS as R } from '../rig/skeleton.ts';

export interface LookColours {
  skin: string; hair: string; top: string; sleeves: 'none' | 'short' | 'long'; bottom: string; legs: 'shorts' | 'long'; shoes: string;
}

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
/** Deterministic per-vertex grain (a cloth/skin texture stand-in), ±5 %. */
const grain = (v: number) => {
  const s = Math.sin(v * 12.9898) * 43758.5453;
  return 0.95 + 0.1 * (s - Math.floor(s));
};

export function vertexColours(rest: Float32Array, dominant: Uint8Array, look: LookColours): Float32Array {
  const n = dominant.length;
  const out = new Float32Array(n * 3);
  const c = { skin: rgb(look.skin), hair: rgb(look.hair), top: rgb(look.top), bottom: rgb(look.bottom), shoes: rgb(look.shoes) };
  const shortSleeve = R.lShoulder[1] - 0.55 * (R.lShoulder[1] - R.lElbow[1]);
  const shortsHem = R.lKnee[1] + 0.45 * (R.lHip[1] - R.lKnee[1]);
  for (let v = 0; v < n; v++) {
    const y = rest[v * 3 + 1]!, z = rest[v * 3 + 2]!;
    const bone = BONES[dominant[v]!]!.name.replace(/^[lr]/, '');
    let k: keyof typeof c = 'skin';
    switch (bone) {
      case 'head':
      case 'neck':
        k = y > 1.585 || (y > 1.5 && z < -0.01) ? 'hair' : 'skin';
        break;
      case 'chest':
      case 'spine':
        // Neck, chin and face vertices the chest bone carries stay skin: the collar ends below the neck.
        k = y > 1.4 ? 'skin' : 'top';
        break;
      case 'pelvis':
        k = y > 0.97 ? 'top' : 'bottom';
        break;
      case 'UpperArm':
        k = look.sleeves === 'long' || (look.sleeves === 'short' && y > shortSleeve) ? 'top' : 'skin';
        break;
      case 'Forearm':
        k = look.sleeves === 'long' ? 'top' : 'skin';
        break;
      case 'Thigh':
        k = look.legs === 'long' || y > shortsHem ? 'bottom' : 'skin';
        break;
      case 'Shin':
        k = y < 0.12 ? 'shoes' : look.legs === 'long' ? 'bottom' : 'skin';
        break;
      case 'Foot':
        k = 'shoes';
        break;
    }
    const g = grain(v);
    out[v * 3] = c[k][0] * g;
    out[v * 3 + 1] = c[k][1] * g;
    out[v * 3 + 2] = c[k][2] * g;
  }
  return out;
}
