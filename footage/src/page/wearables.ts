/**
 * Hair volume and headwear as simple geometry that follows the head bone: long hair (a flattened ellipsoid down
 * the back of the head), a bun, a cap's brim (its crown is coloured on the scalp, looks.ts). Modelled in rest-mesh
 * coordinates around the rest head; the page places them with the head bone's transform each frame.
 */
import * as THREE from 'three';
import type { Look } from '../scene.schema.ts';

const lambert = (c: string) => new THREE.MeshLambertMaterial({ color: c });

export function wearables(look: Look): THREE.Object3D[] {
  const out: THREE.Object3D[] = [];
  const ellipsoid = (r: [number, number, number], at: [number, number, number], colour: string) => {
    const m = new THREE.Mesh(new THREE.SphereGeometry(1, 20, 14), lambert(colour));
    m.scale.set(...r);
    m.position.set(...at);
    const g = new THREE.Group();
    g.add(m);
    return g;
  };
  if (look.hairStyle === 'long' && look.headwear !== 'beanie') out.push(ellipsoid([0.082, 0.14, 0.05], [0, 1.49, -0.06], look.hair));
  if (look.hairStyle === 'bun' && look.headwear === 'none') out.push(ellipsoid([0.042, 0.04, 0.042], [0, 1.63, -0.085], look.hair));
  if (look.headwear === 'cap') {
    const g = new THREE.Group();
    const brim = new THREE.Mesh(new THREE.CylinderGeometry(0.085, 0.085, 0.01, 24, 1, false, -Math.PI / 2, Math.PI), lambert(look.headwearColour));
    brim.scale.set(1, 1, 1.45);
    brim.position.set(0, 1.6, 0.075);
    brim.rotation.x = 0.18;
    g.add(brim);
    const crown = new THREE.Mesh(new THREE.SphereGeometry(0.094, 24, 12, 0, Math.PI * 2, 0, Math.PI / 2.3), lambert(look.headwearColour));
    crown.scale.set(0.97, 0.78, 1.08);
    crown.position.set(0, 1.585, 0.012);
    g.add(crown);
    out.push(g);
  }
  if (look.headwear === 'beanie') {
    const crown = new THREE.Mesh(new THREE.SphereGeometry(0.096, 24, 12, 0, Math.PI * 2, 0, Math.PI / 2), lambert(look.headwearColour));
    crown.scale.set(0.98, 0.95, 1.08);
    crown.position.set(0, 1.56, 0.01);
    const g = new THREE.Group();
    g.add(crown);
    out.push(g);
  }
  return out;
}
