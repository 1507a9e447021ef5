import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaptureConfig } from '../config.ts';
import { perceptionPageParams } from './page-params.ts';

const gymFile = (dir: string) => {
  const f = join(dir, 'gym.json');
  writeFileSync(
    f,
    JSON.stringify({
      gym: { id: 'g', name: 'G' },
      analysis: { fps: 4, detectEvery: 3, attention: {}, newTrackScore: 0.45 },
      models: { backend: 'wasm' },
      cameras: [
        { id: 'cam-a', name: 'A', rtspUrl: 'rtsp://127.0.0.1:1/a' },
        { id: 'cam-b', name: 'B', rtspUrl: 'rtsp://127.0.0.1:1/b', analysisFps: 8, newTrackScore: 0.4 },
        { id: 'cam-c', name: 'C', rtspUrl: 'rtsp://127.0.0.1:1/c', attention: false },
      ],
    }),
  );
  return f;
};

describe('worker page perception parameters', () => {
  it('carry the analysis rate, per-camera overrides, the models and the server', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-pp-'));
    const cfg = loadCaptureConfig({ GYM_CONFIG: gymFile(dir), GYM_DATA_DIR: dir, SERVER_URL: 'http://127.0.0.1:9/', CAPTURE_SERVER_WORKER_TOKEN: 'wt' });
    const p = perceptionPageParams(cfg, ['cam-a', 'cam-b']);
    expect(p).toMatchObject({ fps: '4', detectEvery: '3', attention: '3', newTrackScore: '0.4', camFps: 'cam-b:8', server: 'http://127.0.0.1:9/', serverToken: 'wt' });
    expect(JSON.parse(p['models']!)).toMatchObject({ backend: 'wasm', detector: 'nanodet-m' });
    expect(perceptionPageParams(cfg, ['cam-a'])['camFps']).toBeUndefined();
    // The camera's own new-track score, else the analysis one.
    expect(perceptionPageParams(cfg, ['cam-a'])['newTrackScore']).toBe('0.45');
    expect(perceptionPageParams(cfg, ['cam-b'])['newTrackScore']).toBe('0.4');
    // A camera that wants everyone posed on every frame turns attention off for its page.
    expect(perceptionPageParams(cfg, ['cam-c'])['attention']).toBeUndefined();
    expect(perceptionPageParams(cfg, ['cam-a', 'cam-c'])['attention']).toBeUndefined();
    expect(perceptionPageParams(cfg, ['cam-a'])['attention']).toBe('3');
  });

  it('give the pages every server of SERVER_URLS, in failover order, and allow each origin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-pp-'));
    const cfg = loadCaptureConfig({ GYM_CONFIG: gymFile(dir), GYM_DATA_DIR: dir, SERVER_URLS: 'http://10.0.0.1:8080, http://10.0.0.2:8080', CAPTURE_SERVER_WORKER_TOKEN: 'wt' });
    expect(perceptionPageParams(cfg, ['cam-a'])['server']).toBe('http://10.0.0.1:8080,http://10.0.0.2:8080');
    expect(cfg.serverUrl).toBe('http://10.0.0.1:8080');
    expect(cfg.allowedOrigins).toEqual(expect.arrayContaining(['http://10.0.0.1:8080', 'http://10.0.0.2:8080']));
    expect(() => loadCaptureConfig({ GYM_CONFIG: gymFile(dir), GYM_DATA_DIR: dir, SERVER_URLS: 'http://ok:1,not a url' })).toThrow(/SERVER_URLS/);
  });

  it('give the pages the offline buffer bounds (64 frames, 15 s by default; 0 frames: off), refusing bad values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-pp-'));
    const base = { GYM_CONFIG: gymFile(dir), GYM_DATA_DIR: dir, SERVER_URL: 'http://127.0.0.1:9', CAPTURE_SERVER_WORKER_TOKEN: 'wt' };
    expect(perceptionPageParams(loadCaptureConfig(base), ['cam-a'])).toMatchObject({ offlineFrames: '64', offlineMs: '15000' });
    expect(perceptionPageParams(loadCaptureConfig({ ...base, CAPTURE_OFFLINE_BUFFER_FRAMES: '20', CAPTURE_OFFLINE_BUFFER_MS: '4000' }), ['cam-a'])).toMatchObject({ offlineFrames: '20', offlineMs: '4000' });
    const off = perceptionPageParams(loadCaptureConfig({ ...base, CAPTURE_OFFLINE_BUFFER_FRAMES: '0' }), ['cam-a']);
    expect(off).not.toHaveProperty('offlineFrames');
    expect(() => loadCaptureConfig({ ...base, CAPTURE_OFFLINE_BUFFER_FRAMES: '-3' })).toThrow(/CAPTURE_OFFLINE_BUFFER_FRAMES/);
    expect(() => loadCaptureConfig({ ...base, CAPTURE_OFFLINE_BUFFER_MS: 'soon' })).toThrow(/CAPTURE_OFFLINE_BUFFER_MS/);
  });

  it('fall back to the server dev worker token file, read when a worker starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-pp-'));
    const cfg = loadCaptureConfig({ GYM_CONFIG: gymFile(dir), GYM_DATA_DIR: dir, SERVER_URL: 'http://127.0.0.1:9' });
    expect(perceptionPageParams(cfg, ['cam-a'])['serverToken']).toBeUndefined();
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets/worker-token'), 'from-file\n');
    expect(perceptionPageParams(cfg, ['cam-a'])['serverToken']).toBe('from-file');
  });
});
