import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS, parsePageParams } from './page-params.ts';

describe('worker page parameters', () => {
  it('turn on perception with a server and its token, with per-camera rates and the models', () => {
    const q = new URLSearchParams({
      worker: 'worker-1',
      cameras: 'cam-a,cam-b',
      token: 't',
      fps: '4',
      camFps: 'cam-b:8,cam-x:2',
      models: JSON.stringify({ backend: 'wasm', pose: 'lite' }),
      server: 'http://127.0.0.1:8080',
      serverToken: 'wt',
      detectEvery: '3',
      attention: '4',
      newTrackScore: '0.45',
      detectorWorker: '0',
    });
    const p = parsePageParams(`?${q}`, 'http://127.0.0.1:8090');
    expect(p).toMatchObject({ workerId: 'worker-1', cameraIds: ['cam-a', 'cam-b'], signalingUrl: 'http://127.0.0.1:8090', token: 't' });
    expect(p.perception).toEqual({
      serverUrls: ['http://127.0.0.1:8080'],
      serverToken: 'wt',
      fps: 4,
      cameraFps: { 'cam-a': 4, 'cam-b': 8 },
      models: { ...DEFAULT_MODELS, backend: 'wasm', pose: 'lite' },
      roles: ['detector', 'pose', 'body', 'face'],
      detectEvery: 3,
      attention: { passiveEvery: 4 },
      newTrackScore: 0.45,
      detectorWorker: false,
    });
  });

  it('take several servers, in failover order', () => {
    const p = parsePageParams('?cameras=cam-a&server=http://10.0.0.1:8080,http://10.0.0.2:8080&serverToken=wt', 'http://o');
    expect(p.perception?.serverUrls).toEqual(['http://10.0.0.1:8080', 'http://10.0.0.2:8080']);
  });

  it('take the offline buffer bounds, and no buffer without a valid frame count', () => {
    const q = '?cameras=cam-a&server=http://x&serverToken=wt';
    expect(parsePageParams(`${q}&offlineFrames=64&offlineMs=9000`, 'http://o').perception?.offlineBuffer).toEqual({ maxFramesPerCamera: 64, maxAgeMs: 9000 });
    expect(parsePageParams(`${q}&offlineFrames=10`, 'http://o').perception?.offlineBuffer).toEqual({ maxFramesPerCamera: 10, maxAgeMs: 15_000 });
    for (const bad of ['', '&offlineFrames=0', '&offlineFrames=2.5', '&offlineFrames=abc', '&offlineFrames=5&offlineMs=-1'])
      expect(parsePageParams(q + bad, 'http://o').perception).not.toHaveProperty('offlineBuffer');
  });

  it('take the tokens from the supervisor-set secrets before the query string', () => {
    const p = parsePageParams('?cameras=cam-a&server=http://x&token=url-t', 'http://o', { token: 'sig', serverToken: 'wt' });
    expect(p.token).toBe('sig');
    expect(p.perception?.serverToken).toBe('wt');
    expect(parsePageParams('?cameras=cam-a&server=http://x', 'http://o', {}).perception).toBeNull();
  });

  it('stay transport-only without a server or token, and ignore bad rates and model JSON', () => {
    expect(parsePageParams('?cameras=cam-a&server=http://x', 'http://o').perception).toBeNull();
    expect(parsePageParams('?cameras=cam-a&serverToken=t', 'http://o').perception).toBeNull();
    const p = parsePageParams('?cameras=cam-a&fps=0&camFps=cam-a:abc&models={oops&server=http://x&serverToken=t&roles=detector,pose,bogus&attention=0&newTrackScore=1.5', 'http://o');
    expect(p.perception).toMatchObject({ fps: 5, cameraFps: { 'cam-a': 5 }, models: DEFAULT_MODELS, roles: ['detector', 'pose'] });
    expect(p.perception).not.toHaveProperty('detectEvery');
    expect(p.perception).not.toHaveProperty('detectorWorker');
    expect(p.perception).not.toHaveProperty('attention');
    expect(p.perception).not.toHaveProperty('newTrackScore');
  });
});
