import { describe, expect, it } from 'vitest';
import { Look, Scene } from '../scene.schema.ts';
import { randomLook } from './random-look.ts';

describe('seeded looks', () => {
  it('draws the same look from the same seed and valid, distinct looks from different seeds', () => {
    expect(randomLook(17)).toEqual(randomLook(17));
    const looks = Array.from({ length: 60 }, (_, i) => Look.parse({ seed: i }));
    const keys = new Set(looks.map((l) => `${l.skin} ${l.top} ${l.bottom} ${l.hairStyle} ${l.headwear} ${l.pattern}`));
    expect(keys.size).toBe(60);
    // Variety over the draw: every pattern, hair style and headwear appears; heights and girths spread.
    for (const [field, values] of [['pattern', ['plain', 'hoops', 'stripes', 'band', 'raglan']], ['hairStyle', ['short', 'long', 'bun', 'bald']], ['headwear', ['none', 'cap', 'beanie']]] as const)
      expect(new Set(looks.map((l) => l[field])), field).toEqual(new Set(values));
    const heights = looks.map((l) => l.height);
    expect(Math.max(...heights) - Math.min(...heights)).toBeGreaterThan(0.3);
    expect(looks.some((l) => l.logo)).toBe(true);
    expect(looks.some((l) => l.girth > 1.15) && looks.some((l) => l.girth < 0.95)).toBe(true);
  });

  it('lets fields beside the seed override the drawn ones, and refuses unknown fields by name', () => {
    const l = Look.parse({ seed: 5, top: '#ff0000' });
    expect(l.top).toBe('#ff0000');
    expect(l.skin).toBe(Look.parse({ seed: 5 }).skin);
    const r = Scene.safeParse({ name: 'x', durationS: 1, camera: { position: [0, 1, 3], target: [0, 1, 0] }, people: [{ role: 'standing', id: 'a', at: { x: 0, z: 0 }, look: { colour: '#ffffff' } }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toContain('colour');
  });
});

describe('lineup', () => {
  it('stands N seeded people in a row, all inside the picture', async () => {
    const { lineupScene } = await import('./lineup.ts');
    const { sceneTimelines, personFrame } = await import('../frames.ts');
    const { projector } = await import('../camera.ts');
    const s = Scene.parse(lineupScene(3, 8));
    expect(s.people.map((p) => p.id)).toEqual(['s3', 's4', 's5', 's6', 's7', 's8', 's9', 's10']);
    expect(s.people[0]!.look).toEqual(Look.parse({ seed: 3 }));
    const project = projector(s.camera, s.width, s.height);
    sceneTimelines(s).forEach((tl, k) => {
      for (const [x, y] of personFrame(s, tl, k, 0, project).landmarks) {
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(s.width);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(s.height);
      }
    });
  });
});
