import { describe, expect, it } from 'vitest';
import { loadHumanMesh } from '../mesh/human-mesh.ts';
import { logoFrame } from '../mesh/logo-frame.ts';
import { computeSkinWeights } from './skin-weights.ts';
import { shapedRest } from './body-shape.ts';
import { BONES } from './skeleton.ts';
import { vertexColours } from '../page/looks.ts';
import { Look } from '../scene.schema.ts';

const mesh = loadHumanMesh();
const w = computeSkinWeights(mesh.positions, mesh.triangles);
const n = mesh.positions.length / 3;
const by = (bone: string) => [...Array(n).keys()].filter((v) => BONES[w.dominant[v]!]!.name === bone);

describe('body shape (girth)', () => {
  it('widens the torso by the girth, the limbs by less, and leaves the head as it is', () => {
    expect(shapedRest(mesh.positions, w, 1)).toEqual(mesh.positions);
    const wide = shapedRest(mesh.positions, w, 1.3);
    const widthAt = (p: Float32Array, vs: number[]) => Math.max(...vs.map((v) => p[v * 3]!)) - Math.min(...vs.map((v) => p[v * 3]!));
    const chest = [...by('chest'), ...by('spine')].filter((v) => Math.abs(mesh.positions[v * 3 + 1]! - 1.2) < 0.02);
    expect(chest.length).toBeGreaterThan(20);
    expect(widthAt(wide, chest) / widthAt(mesh.positions, chest)).toBeGreaterThan(1.2);
    const thigh = by('lThigh').filter((v) => Math.abs(mesh.positions[v * 3 + 1]! - 0.65) < 0.02);
    expect(thigh.length).toBeGreaterThan(10);
    const r = widthAt(wide, thigh) / widthAt(mesh.positions, thigh);
    expect(r).toBeGreaterThan(1.12);
    expect(r).toBeLessThan(1.3);
    const head = by('head').filter((v) => mesh.positions[v * 3 + 1]! > 1.6);
    for (const v of head) expect(Math.abs(wide[v * 3]! - mesh.positions[v * 3]!)).toBeLessThan(0.004);
    const thin = shapedRest(mesh.positions, w, 0.85);
    expect(widthAt(thin, chest)).toBeLessThan(widthAt(mesh.positions, chest) * 0.93);
  });
});

describe('looks', () => {
  const colours = (over: object) => vertexColours(mesh.positions, w.dominant, Look.parse(over));
  const distinct = (c: Float32Array, vs: number[]) => new Set(vs.map((v) => `${Math.round((c[v * 3]! / (c[v * 3]! + c[v * 3 + 1]! + c[v * 3 + 2]! + 1e-6)) * 20)}`)).size;
  const torso = [...by('chest'), ...by('spine')].filter((v) => mesh.positions[v * 3 + 1]! < 1.38 && mesh.positions[v * 3 + 2]! > 0.05);

  it('prints hoops and stripes in the second colour; plain stays one colour', () => {
    expect(distinct(colours({ top: '#ff0000', top2: '#0000ff' }), torso)).toBe(1);
    for (const pattern of ['hoops', 'stripes']) {
      const c = colours({ top: '#ff0000', top2: '#0000ff', pattern });
      const blue = torso.filter((v) => c[v * 3 + 2]! > c[v * 3]!).length / torso.length;
      expect(blue, pattern).toBeGreaterThan(0.3);
      expect(blue, pattern).toBeLessThan(0.7);
    }
  });

  it('colours the scalp as hair, skin when bald, and in the headwear colour under a cap', () => {
    const top = by('head').filter((v) => mesh.positions[v * 3 + 1]! > 1.62);
    const green = (c: Float32Array) => top.filter((v) => c[v * 3 + 1]! > 0.6 && c[v * 3]! < 0.2).length / top.length;
    expect(green(colours({ hair: '#00ff00' }))).toBeGreaterThan(0.9);
    expect(green(colours({ hair: '#00ff00', hairStyle: 'bald' }))).toBe(0);
    expect(green(colours({ headwear: 'cap', headwearColour: '#00ff00' }))).toBeGreaterThan(0.9);
  });

  it('finds the chest in the mesh UVs for logos (u grows to the left, v upwards)', () => {
    for (const x of mesh.uvs) expect(x >= 0 && x <= 1).toBe(true);
    const f = logoFrame(mesh);
    expect(f.dudx).toBeGreaterThan(0.2);
    expect(f.dvdy).toBeGreaterThan(0.2);
    expect(Math.abs(f.dvdx)).toBeLessThan(0.2);
  });
});
