/**
 * Vertex colours of one person from their look: skin, hair (short, long, a bun, bald) or headwear, a top with
 * sleeves and a pattern (hoops, stripes, a chest band, contrasting sleeves), shorts or long trousers, shoes.
 */
import { BONES, REST_JOINTS as R } from '../rig/skeleton.ts';

/** The colour-deciding part of a scene look (scene.schema.ts `Look`); the pattern, hair style and headwear are optional. */
export interface LookColours {
  skin: string; hair: string; top: string; sleeves: 'none' | 'short' | 'long'; bottom: string; legs: 'shorts' | 'long'; shoes: string;
  pattern?: 'plain' | 'hoops' | 'stripes' | 'band' | 'raglan';
  top2?: string;
  hairStyle?: 'short' | 'long' | 'bun' | 'bald';
  headwear?: 'none' | 'cap' | 'beanie';
  headwearColour?: string;
}
type Look = LookColours;

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
/** Deterministic per-vertex grain (a cloth/skin texture stand-in), ±5 %. */
const grain = (v: number) => {
  const s = Math.sin(v * 12.9898) * 43758.5453;
  return 0.95 + 0.1 * (s - Math.floor(s));
};

export function vertexColours(rest: Float32Array, dominant: Uint8Array, look: LookColours): Float32Array {
  const n = dominant.length;
  const out = new Float32Array(n * 3);
  const c = { skin: rgb(look.skin), hair: rgb(look.hair), top: rgb(look.top), top2: rgb(look.top2 ?? look.top), bottom: rgb(look.bottom), shoes: rgb(look.shoes), hat: rgb(look.headwearColour ?? look.hair) };
  const shortSleeve = R.lShoulder[1] - 0.55 * (R.lShoulder[1] - R.lElbow[1]);
  const shortsHem = R.lKnee[1] + 0.45 * (R.lHip[1] - R.lKnee[1]);
  for (let v = 0; v < n; v++) {
    const x = rest[v * 3]!, y = rest[v * 3 + 1]!, z = rest[v * 3 + 2]!;
    const bone = BONES[dominant[v]!]!.name.replace(/^[lr]/, '');
    let k: keyof typeof c = 'skin';
    switch (bone) {
      case 'head':
      case 'neck':
        k = headColour(look, y, z);
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
    if (k === 'top') k = topPattern(look, bone, x, y);
    const g = grain(v);
    out[v * 3] = c[k][0] * g;
    out[v * 3 + 1] = c[k][1] * g;
    out[v * 3 + 2] = c[k][2] * g;
  }
  return out;
}

/** Scalp and hair: the hairline at the back and top, lower at the back for long hair; a cap or beanie over the top. */
function headColour(look: Look, y: number, z: number): 'hair' | 'skin' | 'hat' {
  if (look.headwear === 'cap' && y > 1.6) return 'hat';
  if (look.headwear === 'beanie' && (y > 1.57 || (y > 1.53 && z < -0.02))) return 'hat';
  if (look.hairStyle === 'bald') return 'skin';
  if (look.hairStyle === 'long' && y > 1.42 && z < -0.035) return 'hair';
  return y > 1.585 || (y > 1.5 && z < -0.01) ? 'hair' : 'skin';
}

/** The top's pattern in its second colour (rest-mesh coordinates: 6 cm hoops, 4 cm stripes). */
function topPattern(look: Look, bone: string, x: number, y: number): 'top' | 'top2' {
  switch (look.pattern) {
    case 'hoops':
      return Math.floor(y / 0.06) % 2 === 0 ? 'top' : 'top2';
    case 'stripes':
      return Math.floor((x + 1) / 0.04) % 2 === 0 ? 'top' : 'top2';
    case 'band':
      return y > 1.16 && y < 1.25 && bone !== 'UpperArm' ? 'top2' : 'top';
    case 'raglan':
      return bone === 'UpperArm' || bone === 'Forearm' ? 'top2' : 'top';
    default:
      return 'top';
  }
}
