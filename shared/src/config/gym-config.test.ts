import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { envPort, parseEnv } from './env.ts';
import { loadGymConfig, parseGymConfig } from './gym-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'gymcfg-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const configError = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('gym config', () => {
  it('loads the committed dev config with defaults filled in', () => {
    const c = loadGymConfig(resolve(import.meta.dirname, '../../../config/gym.yaml'));
    expect(c.cameras.map((x) => x.id)).toEqual(['cam-gym', 'cam-floor']);
    expect(c.cameras[1]).toMatchObject({ id: 'cam-floor', enabled: true, transcode: 'auto' });
    expect(c.analysis.fps).toBe(5);
    expect(c.models.backend).toBe('auto');
  });

  it('names the bad field of a camera', () => {
    const e = configError(() =>
      loadGymConfig(file('bad.yaml', 'gym: {id: g, name: G}\ncameras:\n  - {id: a, name: A, rtspUrl: "rtsp://h/a"}\n  - {id: b, name: B, rtspUrl: "http://h/b"}\n')),
    );
    expect(e.issues.map((i) => i.field)).toEqual(['cameras[1].rtspUrl']);
    expect(e.message).toContain('bad.yaml');
    expect(e.message).toContain('cameras[1].rtspUrl: must start with rtsp://');
  });

  it('takes an analysis stream per camera with a default width, and names its bad field', () => {
    const ok = loadGymConfig(file('sub.yaml', 'gym: {id: g, name: G}\ncameras:\n  - {id: a, name: A, rtspUrl: "rtsp://h/a", analysisStream: {}}\n'));
    expect(ok.cameras[0]!.analysisStream).toEqual({ width: 640 });
    const e = configError(() =>
      loadGymConfig(file('sub-bad.yaml', 'gym: {id: g, name: G}\ncameras:\n  - {id: a, name: A, rtspUrl: "rtsp://h/a", analysisStream: {width: 100, fps: 5}}\n')),
    );
    expect(e.issues.map((i) => i.field)).toEqual(['cameras[0].analysisStream.width']);
  });

  it('reports unknown keys, duplicate ids and dangling references together', () => {
    const e = configError(() =>
      parseGymConfig({
        gym: { id: 'g', name: 'G' },
        cameras: [
          { id: 'a', name: 'A', rtspUrl: 'rtsp://h/a', fps: 3 },
          { id: 'a', name: 'A2', rtspUrl: 'rtsp://h/a2' },
        ],
        zones: [{ id: 'z', name: 'Z', cameraId: 'nope', polygon: [[0, 0], [1, 0], [1, 1]] }],
        topology: { links: [{ from: 'a', to: 'ghost', minTransitS: 9, maxTransitS: 3 }] },
      }),
    );
    const fields = e.issues.map((i) => i.field);
    expect(fields).toContain('cameras[0]');
    expect(e.issues.find((i) => i.field === 'cameras[0]')!.message).toMatch(/fps/);
    // Cross-field rules run once the shape is valid: fix the unknown key and check them.
    {
      const e2 = configError(() =>
        parseGymConfig({
          gym: { id: 'g', name: 'G' },
          cameras: [
            { id: 'a', name: 'A', rtspUrl: 'rtsp://h/a' },
            { id: 'a', name: 'A2', rtspUrl: 'rtsp://h/a2' },
          ],
          zones: [{ id: 'z', name: 'Z', cameraId: 'nope', polygon: [[0, 0], [1, 0], [1, 1]] }],
          topology: { links: [{ from: 'a', to: 'ghost', minTransitS: 1, maxTransitS: 3 }] },
        }),
      );
      expect(e2.issues.map((i) => i.field).sort()).toEqual(['cameras[1].id', 'topology.links[0].to', 'zones[0].cameraId']);
    }
  });

  it('rejects a transit window that ends before it starts', () => {
    const e = configError(() =>
      parseGymConfig({ gym: { id: 'g', name: 'G' }, cameras: [{ id: 'a', name: 'A', rtspUrl: 'rtsp://h/a' }], topology: { links: [{ from: 'a', to: 'a', minTransitS: 9, maxTransitS: 3 }] } }),
    );
    expect(e.issues[0]!.field).toBe('topology.links[0].maxTransitS');
  });

  it('explains a missing file and a YAML syntax error', () => {
    expect(configError(() => loadGymConfig(join(dir, 'missing.yaml'))).message).toMatch(/\(file\): cannot read: ENOENT/);
    expect(configError(() => loadGymConfig(file('syntax.yaml', 'gym: {id: g\n  name: ['))).issues[0]!.field).toBe('(syntax)');
  });
});

describe('environment parsing', () => {
  const Env = z.object({ PORT: envPort.default(8080), DATABASE_URL: z.string().regex(/^postgres:\/\//, 'must be a postgres:// URL').optional() });
  it('applies defaults and coerces numbers', () => {
    expect(parseEnv(Env, {})).toEqual({ PORT: 8080 });
    expect(parseEnv(Env, { PORT: '9000' }).PORT).toBe(9000);
  });
  it('names every bad variable', () => {
    const e = configError(() => parseEnv(Env, { PORT: 'eighty', DATABASE_URL: 'mysql://x' }));
    expect(e.issues.map((i) => i.field).sort()).toEqual(['DATABASE_URL', 'PORT']);
    expect(e.message).toContain('environment');
  });
});
