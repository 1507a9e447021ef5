/** The scene camera's projection, the same as three.js's PerspectiveCamera (vertical fov, lookAt with y up). */
import { cross, dot, norm, sub, type V3 } from './rig/vec.ts';

export interface CameraSpec { position: V3; target: V3; fovDeg: number }

export function projector(c: CameraSpec, width: number, height: number): (p: V3) => { x: number; y: number; depth: number } {
  const f = norm(sub(c.target, c.position));
  const r = norm(cross(f, [0, 1, 0]));
  const u = cross(r, f);
  const t = Math.tan(((c.fovDeg / 2) * Math.PI) / 180);
  const aspect = width / height;
  return (p) => {
    const d = sub(p, c.position);
    const z = dot(d, f);
    const nx = dot(d, r) / (z * t * aspect), ny = dot(d, u) / (z * t);
    return { x: ((nx + 1) / 2) * width, y: ((1 - ny) / 2) * height, depth: z };
  };
}
