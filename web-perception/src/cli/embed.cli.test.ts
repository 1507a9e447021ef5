/** `npx gym embed` contract: one JSON line per image in the order given, L2-normalised, error lines for bad files. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { vtestFrames } from '../models/node/test-footage.ts';

const GYM = resolve(import.meta.dirname, '../../../server/bin/gym.mjs');

describe('npx gym embed', () => {
  it('prints one line per image: embeddings for usable images, errors for the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-embed-'));
    const bad = join(dir, 'not-an-image.png');
    writeFileSync(bad, 'hello');
    const [frame] = vtestFrames([2.0]);
    const files = [frame!, bad, join(dir, 'missing.jpg'), frame!];
    const { stdout } = await promisify(execFile)('node', [GYM, 'embed', '--kind', 'body', '--config', resolve(import.meta.dirname, '../../../config/gym.yaml'), ...files], { timeout: 120_000 });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines[0]).toMatchObject({ kind: 'body', model: 'appearance-stripes-v1' });
    expect(Math.hypot(...lines[0].embedding)).toBeCloseTo(1, 4);
    expect(lines[3].embedding).toEqual(lines[0].embedding);
    expect(lines[1]).toEqual({ file: bad, error: 'not a decodable image' });
    expect(lines[2]).toEqual({ file: files[2], error: 'file not found' });
  }, 150_000);

  it('exits 1 when no image could be embedded, still printing the error lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-embed-'));
    const bad = join(dir, 'not-an-image.png');
    writeFileSync(bad, 'hello');
    const files = [bad, join(dir, 'missing.jpg')];
    const err = await promisify(execFile)('node', [GYM, 'embed', '--kind', 'body', '--config', resolve(import.meta.dirname, '../../../config/gym.yaml'), ...files], { timeout: 120_000 }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stdout.trim().split('\n').map((l: string) => JSON.parse(l).error)).toEqual(['not a decodable image', 'file not found']);
    expect(err.stderr).toMatch(/no image was embedded/);
  }, 150_000);

  it('exits 2 with usage on a bad --kind', async () => {
    const err = await promisify(execFile)('node', [GYM, 'embed', '--kind', 'hands', 'x.png']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/--kind must be body or face/);
  });
});
