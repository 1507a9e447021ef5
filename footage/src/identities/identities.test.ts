/**
 * Rendered identities: the sampling is seeded and per identity (the same id looks the same in any set made with
 * the same seed, and different ids look different), every view is its own camera, and a small set renders to
 * 128×256 JPEG crops with labels that parse, and a second call reuses the files.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdentityCrops } from '@gym/shared/footage/identity-crops.ts';
import { identity } from './identity-spec.ts';
import { renderIdentities } from './render-identities.ts';

/** Width and height from a baseline JPEG's SOF0 marker. */
function jpegSize(buf: Buffer): { w: number; h: number } {
  for (let i = 2; i < buf.length - 9; ) {
    if (buf[i] !== 0xff) throw new Error('not a JPEG marker');
    const marker = buf[i + 1]!, len = buf.readUInt16BE(i + 2);
    if (marker === 0xc0 || marker === 0xc2) return { h: buf.readUInt16BE(i + 5), w: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

describe('rendered identities', () => {
  it('samples each identity from the seed and its id alone; looks and cameras vary', () => {
    expect(identity(1, 42, 4)).toEqual(identity(1, 42, 4));
    expect(identity(1, 42, 2).look).toEqual(identity(1, 42, 6).look);
    expect(identity(2, 42, 4).look).not.toEqual(identity(1, 42, 4).look);
    const looks = Array.from({ length: 200 }, (_, i) => identity(1, i, 1).look);
    const outfits = new Set(looks.map((l) => `${l.top}|${l.bottom}|${l.topPattern}|${l.legs}`));
    expect(outfits.size).toBe(200);
    const heights = looks.map((l) => l.height);
    expect(Math.max(...heights) - Math.min(...heights)).toBeGreaterThan(0.3);
    const { shots } = identity(1, 7, 4);
    const cams = new Set(shots.map((s) => `${s.azimuth.toFixed(3)}|${s.distance.toFixed(3)}|${s.picture.brightness.toFixed(3)}`));
    expect(cams.size).toBe(4);
  });

  it("renders 128×256 crops with labels and the person's projected box height; a second call is cached", async () => {
    const out = mkdtempSync(join(tmpdir(), 'gym-identities-'));
    const r = await renderIdentities({ count: 2, views: 3, seed: 5, out });
    expect(r).toMatchObject({ cached: false, crops: 6 });
    const labels = IdentityCrops.parse(JSON.parse(readFileSync(r.labels, 'utf8')));
    expect(labels.crops.map((c) => `${c.id}/${c.view}`)).toEqual(['0/0', '0/1', '0/2', '1/0', '1/1', '1/2']);
    for (const c of labels.crops) {
      expect(jpegSize(readFileSync(join(out, c.file)))).toEqual({ w: 128, h: 256 });
      // The person's projected height in a 640×480 frame from 2.5–11 m.
      expect(c.boxHeightPx).toBeGreaterThan(30);
      expect(c.boxHeightPx).toBeLessThan(480);
    }
    expect((await renderIdentities({ count: 2, views: 3, seed: 5, out })).cached).toBe(true);
  }, 120_000);
});
