/** Where a chest logo goes in the mesh's UV space: the chest-front point and UV per metre across and up (finite differences on the mesh). */
import type { HumanMesh } from './human-mesh.ts';

export interface LogoFrame { u0: number; v0: number; dudx: number; dvdx: number; dudy: number; dvdy: number }

/** The chest point logos are centred on (rest mesh, front surface at mid-chest). */
export const CHEST: [number, number, number] = [0, 1.25, 0.15];

function nearest(m: HumanMesh, q: [number, number, number]): number {
  let best = 0, bd = Infinity;
  for (let i = 0; i < m.positions.length / 3; i++) {
    const d = (m.positions[i * 3]! - q[0]) ** 2 + (m.positions[i * 3 + 1]! - q[1]) ** 2 + (m.positions[i * 3 + 2]! - q[2]) ** 2;
    if (d < bd) (bd = d), (best = i);
  }
  return best;
}

export function logoFrame(m: HumanMesh): LogoFrame {
  const uv = (q: [number, number, number]) => {
    const i = nearest(m, q);
    return { u: m.uvs[i * 2]!, v: m.uvs[i * 2 + 1]!, x: m.positions[i * 3]!, y: m.positions[i * 3 + 1]! };
  };
  const o = uv(CHEST), l = uv([0.06, CHEST[1], CHEST[2]]), r = uv([-0.06, CHEST[1], CHEST[2]]), up = uv([0, CHEST[1] + 0.06, CHEST[2]]), dn = uv([0, CHEST[1] - 0.06, CHEST[2]]);
  const dx = l.x - r.x, dy = up.y - dn.y;
  return { u0: o.u, v0: o.v, dudx: (l.u - r.u) / dx, dvdx: (l.v - r.v) / dx, dudy: (up.u - dn.u) / dy, dvdy: (up.v - dn.v) / dy };
}
