/**
 * Geometry of the equipment (motion/equipment.ts) in the render page: boxes and cylinders in metres of the rest
 * mesh, local x lateral, y up, z forward; Node places each item per frame with a matrix that includes the person's
 * height scale. Bars and handles run along local x.
 */
import * as THREE from 'three';
import { STATION } from '../motion/equipment.ts';

const mat = (c: string) => new THREE.MeshLambertMaterial({ color: c });
const METAL = '#9aa0a8', DARK = '#1d1d1f', IRON = '#2a2c30';

function cylinderX(radius: number, length: number, colour: string, x = 0, y = 0, z = 0): THREE.Mesh {
  const g = new THREE.CylinderGeometry(radius, radius, length, 20);
  g.rotateZ(Math.PI / 2);
  const m = new THREE.Mesh(g, mat(colour));
  m.position.set(x, y, z);
  return m;
}

function box(w: number, h: number, d: number, x: number, y: number, z: number, colour: string): THREE.Mesh {
  const m = new THREE.Mesh(new THREE.BoxGeometry(w, h, d), mat(colour));
  m.position.set(x, y, z);
  return m;
}

export function equipmentMesh(kind: string): THREE.Object3D {
  const g = new THREE.Group();
  switch (kind) {
    case 'pullup_bar': {
      // A gantry: the bar across the front, arms back to two posts behind the person (clear of the body from the side).
      const half = STATION.gripX + 0.32, back = -0.65, top = STATION.barY + 0.03;
      g.add(cylinderX(0.017, 2 * half + 0.1, METAL, 0, STATION.barY, 0));
      for (const x of [-half, half]) {
        g.add(box(0.07, top, 0.07, x, top / 2, back, '#3b3f46'));
        g.add(box(0.06, 0.06, -back + 0.05, x, top, back / 2, '#3b3f46'));
        g.add(box(0.09, 0.03, 0.7, x, 0.015, back, '#3b3f46'));
      }
      break;
    }
    case 'bench':
    case 'thrust_bench':
      g.add(box(0.3, 0.08, 1.2, 0, STATION.benchTop - 0.04, 0, DARK));
      for (const z of [-0.45, 0.45]) g.add(box(0.08, STATION.benchTop - 0.08, 0.08, 0, (STATION.benchTop - 0.08) / 2, z, '#777a80'));
      for (const z of [-0.45, 0.45]) g.add(box(0.42, 0.03, 0.08, 0, 0.015, z, '#777a80'));
      break;
    case 'mat':
      g.add(box(0.62, 0.015, 1.8, 0, 0.008, 0, '#284b63'));
      break;
    case 'dip_bars': {
      // Two bars along the person's facing, posts at their ends (in front of the hands and behind the bent legs).
      const y = STATION.dipBarY, front = 0.62, back = -0.72;
      for (const x of [-STATION.dipHalf - 0.02, STATION.dipHalf + 0.02]) {
        const bar = new THREE.Mesh(new THREE.CylinderGeometry(0.022, 0.022, front - back, 16), mat(METAL));
        bar.geometry.rotateX(Math.PI / 2);
        bar.position.set(x, y, (front + back) / 2);
        g.add(bar);
        for (const z of [front, back]) g.add(box(0.06, y, 0.06, x, y / 2, z, '#3b3f46'));
      }
      g.add(box(2 * STATION.dipHalf + 0.16, 0.04, 0.08, 0, 0.02, front, '#3b3f46'));
      g.add(box(2 * STATION.dipHalf + 0.16, 0.04, 0.08, 0, 0.02, back, '#3b3f46'));
      break;
    }
    case 'wall':
      // A wall panel to lean on; its front face at the placement.
      g.add(box(1.6, 2.3, 0.08, 0, 1.15, -0.04, '#b9b2a6'));
      break;
    case 'barbell':
      g.add(cylinderX(0.014, 1.7, METAL));
      for (const x of [-0.62, 0.62]) g.add(cylinderX(0.17, 0.045, IRON, x));
      for (const x of [-0.57, 0.57]) g.add(cylinderX(0.03, 0.05, METAL, x));
      break;
    case 'dumbbell':
      g.add(cylinderX(0.016, 0.16, METAL));
      for (const x of [-0.1, 0.1]) g.add(cylinderX(0.055, 0.06, IRON, x));
      break;
    case 'plate':
      g.add(cylinderX(0.17, 0.035, IRON));
      g.add(cylinderX(0.03, 0.04, METAL));
      break;
    case 'kettlebell':
    case 'kettlebell_2h': {
      const bell = new THREE.Mesh(new THREE.SphereGeometry(0.09, 20, 14), mat(IRON));
      bell.position.y = -0.02;
      g.add(bell);
      const handle = new THREE.Mesh(new THREE.TorusGeometry(0.055, 0.012, 8, 20, Math.PI), mat(IRON));
      handle.position.y = 0.06;
      g.add(handle);
      break;
    }
    default:
      g.add(box(0.2, 0.2, 0.2, 0, 0.1, 0, '#ff00ff'));
  }
  return g;
}
