/**
 * The console's face enrolment loads the configured face models and onnxruntime-web's wasm from the server:
 * exactly those files, byte for byte, with types a browser accepts under cross-origin isolation; nothing else
 * from those folders.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, seedActors, startTestServer, type TestServer } from '../testing/server.ts';

const root = resolve(import.meta.dirname, '../../..');

describe('face models for the console', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the configured face detector and embedder, and names them in /api/system', async () => {
    const r = await fetch(`${t.url}/models/blazeface.onnx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.equals(readFileSync(resolve(root, 'models/blazeface.onnx')))).toBe(true);
    expect((await fetch(`${t.url}/models/faceres.onnx`, { method: 'HEAD' })).status).toBe(200);
    const a = await seedActors(t);
    const { body } = await api(t, 'GET', '/api/system', a.trainerA);
    expect(body.faceModels).toEqual({ detector: 'blazeface', embedder: 'faceres' });
  });

  it('refuses every other file of the models folder and any path outside it', async () => {
    for (const file of ['nanodet-m.onnx', 'manifest.json', 'pose_landmarker_full.task', '..%2Fpackage.json', '.%2E%2Fconfig%2Fgym.yaml']) {
      const r = await fetch(`${t.url}/models/${file}`);
      expect([400, 404], file).toContain(r.status);
    }
  });

  it('serves onnxruntime-web wasm as application/wasm and its loaders as JavaScript, nothing else of dist/', async () => {
    const wasm = await fetch(`${t.url}/ort/ort-wasm-simd-threaded.wasm`, { method: 'HEAD' });
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    const mjs = await fetch(`${t.url}/ort/ort-wasm-simd-threaded.jsep.mjs`);
    expect(mjs.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await mjs.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${t.url}/ort/ort.node.min.js`)).status).toBe(404);
  });
});
