import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@gym/shared/errors.ts';
import { loadServerConfig } from './config.ts';

const root = resolve(import.meta.dirname, '../..');

describe('server config', () => {
  it('uses embedded defaults when nothing is set', () => {
    const c = loadServerConfig({});
    expect(c.env.DATABASE_URL).toBeUndefined();
    expect(c.env.PORT).toBe(8080);
    expect(c.gym.gym.id).toBe('demo-gym');
  });

  it('refuses the generated dev secrets in production (NODE_ENV or GYM_ENV), naming each missing one', () => {
    for (const env of [{ NODE_ENV: 'production' }, { GYM_ENV: 'production' }]) {
      try {
        loadServerConfig(env);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).issues.map((i) => i.field).sort()).toEqual(['JWT_SECRET', 'WORKER_TOKENS']);
      }
    }
    const ok = loadServerConfig({ GYM_ENV: 'production', JWT_SECRET: 'x'.repeat(32), WORKER_TOKENS: 'wt-1' });
    expect(ok.env.WORKER_TOKENS).toBe('wt-1');
  });

  it('names each bad variable', () => {
    try {
      loadServerConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues.map((i) => i.field).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'PORT']);
    }
  });

  it('stops the server at start-up with the bad field of the gym config named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srvcfg-'));
    const file = join(dir, 'gym.yaml');
    writeFileSync(file, 'gym: {id: g, name: G}\ncameras:\n  - {id: a, name: A, rtspUrl: "rtsp://h/a", transcode: h265}\n');
    const r = spawnSync('npx', ['tsx', 'server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, GYM_CONFIG: file, GYM_DATA_DIR: dir, PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cameras[0].transcode');
    expect(r.stderr).toContain(file);
  });

  it('adds the exercises of the YAML files the gym config names, and names the file and field of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'srvcfg-'));
    mkdirSync(join(dir, 'exercises'));
    const fixtures = join(root, 'exercise/src/testing/fixtures');
    copyFileSync(join(fixtures, 'side-leg-raise.yaml'), join(dir, 'exercises/side-leg-raise.yaml'));
    copyFileSync(join(fixtures, 'bad-exercise.yaml'), join(dir, 'exercises/bad.yaml'));
    const file = join(dir, 'gym.yaml');
    writeFileSync(file, 'gym: {id: g, name: G}\nexercises: [exercises/side-leg-raise.yaml]\n');
    const c = loadServerConfig({ GYM_CONFIG: file });
    expect(c.catalogue.map((e) => e.name)).toContain('side_leg_raise');
    writeFileSync(file, 'gym: {id: g, name: G}\nexercises: [exercises/side-leg-raise.yaml, exercises/bad.yaml]\n');
    expect(() => loadServerConfig({ GYM_CONFIG: file })).toThrow(/exercises\/bad\.yaml[\s\S]*signal\.feature/);
    writeFileSync(file, 'gym: {id: g, name: G}\nexercises: [exercises/missing.yaml]\n');
    expect(() => loadServerConfig({ GYM_CONFIG: file })).toThrow(/missing\.yaml[\s\S]*cannot read: ENOENT/);
  });
});
