/**
 * The worker page's perception half in real headless Chromium: startPerception → a real inference Web Worker
 * with the real models (nanodet + MediaPipe pose + appearance embedder, wasm) → socket.io to a server in this
 * test, over frames of vtest.avi. Skipped when models/ or the footage are missing (set-up not run).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { Server } from 'socket.io';
import { describe, expect, it, vi } from 'vitest';
import { PerceptionFrame, WorkerStats, type Ack } from '@gym/shared';
import { decodeVideo, probeVideo } from '../cli/analyse-video/video-decoder.ts';
import type { PerceptionPageApi } from './testing/perception-page.fixture.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const ready = existsSync(VTEST) && existsSync(join(ROOT, 'models/manifest.json')) && existsSync('/usr/bin/chromium');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function bundle(entry: string, format: 'esm' | 'iife' = 'esm'): Promise<string> {
  const r = await build({ entryPoints: [entry], bundle: true, format, platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', alias: { '@gym/shared': join(ROOT, 'shared/src/index.ts') } });
  return r.outputFiles[0]!.text;
}

describe.skipIf(!ready)('startPerception in Chromium with the real models', () => {
  it('sends tracked people with skeletons and some body embeddings to the server, and worker stats', async () => {
    const [pageJs, workerJs] = await Promise.all([bundle(join(import.meta.dirname, 'testing/perception-page.fixture.ts')), bundle(join(import.meta.dirname, 'inference.worker.ts'), 'iife')]);
    const frames: Buffer[] = [];
    const info = await probeVideo(VTEST);
    let size = { w: 0, h: 0 };
    for await (const f of decodeVideo(VTEST, info, { fps: 5, maxSeconds: 1.6 })) {
      frames.push(f.data);
      size = { w: f.width, h: f.height };
    }
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };
    const mounts: [string, string][] = [
      ['/models/', join(ROOT, 'models')],
      ['/ort/', join(ROOT, 'node_modules/onnxruntime-web/dist')],
      ['/mediapipe/wasm/', join(ROOT, 'node_modules/@mediapipe/tasks-vision/wasm')],
    ];
    const http = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const js = path === '/page.js' ? pageJs : path === '/worker.js' ? workerJs : null;
      if (path === '/') return void res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
      if (js) return void res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(js);
      const m = /^\/frame\/(\d+)$/.exec(path);
      if (m && frames[Number(m[1])]) return void res.writeHead(200, headers).end(frames[Number(m[1])]);
      for (const [prefix, dir] of mounts) {
        const f = resolve(dir, path.slice(prefix.length));
        if (path.startsWith(prefix) && f.startsWith(dir) && existsSync(f) && statSync(f).isFile()) {
          res.writeHead(200, { ...headers, 'Content-Type': extname(f) === '.wasm' ? 'application/wasm' : ['.mjs', '.js'].includes(extname(f)) ? 'text/javascript' : 'application/octet-stream' });
          return void createReadStream(f).pipe(res);
        }
      }
      if (!path.startsWith('/socket.io/')) res.writeHead(404, headers).end();
    });
    const io = new Server(http);
    const got: ReturnType<typeof PerceptionFrame.safeParse>[] = [];
    const stats: unknown[] = [];
    io.of('/worker').use((s, next) => (s.handshake.auth?.token === 'tok' ? next() : next(new Error('bad token'))));
    io.of('/worker').on('connection', (s) => {
      s.on('perception:frame', (raw: unknown, ack: (a: Ack<{ accepted: number }>) => void) => {
        const p = PerceptionFrame.safeParse(raw);
        got.push(p);
        ack(p.success ? { ok: true, data: { accepted: p.data.tracks.length } } : { ok: false, error: { code: 'VALIDATION', message: 'bad' } });
      });
      s.on('worker:stats', (x: unknown) => stats.push(x));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(origin);
      await page.waitForFunction(() => 'gymPerception' in window);
      const api = 'gymPerception' as const;
      type W = { [api]: PerceptionPageApi };
      const loaded = await page.evaluate(() => (window as unknown as W).gymPerception.start({ token: 'tok', fps: 5, roles: ['detector', 'pose', 'body'] }));
      expect(loaded.models).toMatchObject({ detector: 'nanodet-m', pose: expect.stringContaining('mediapipe'), body: expect.any(String) });
      expect(loaded.backend).toBe('wasm');
      await vi.waitFor(async () => expect(await page.evaluate(() => (window as unknown as W).gymPerception.connected())).toBe(true), { timeout: 10_000, interval: 50 });
      const outcomes: string[] = [];
      for (let i = 0; i < frames.length; i++) {
        outcomes.push(await page.evaluate(([i, ts, w, h]) => (window as unknown as W).gymPerception.offer('cam-1', `/frame/${i}`, ts, w, h), [i, 1_764_000_000_000 + i * 200, size.w, size.h] as const));
      }
      expect(outcomes).toEqual(frames.map(() => 'sent'));
      await vi.waitFor(() => expect(got).toHaveLength(frames.length), { timeout: 10_000, interval: 50 });
      expect(got.every((g) => g.success)).toBe(true);
      const msgs = got.map((g) => g.data!);
      // People are tracked: some id is present in (almost) every frame, with a skeleton from the pose model.
      const seen = new Map<number, number>();
      for (const m of msgs) for (const t of m.tracks) seen.set(t.trackId, (seen.get(t.trackId) ?? 0) + 1);
      expect(Math.max(...seen.values())).toBeGreaterThanOrEqual(frames.length - 1);
      const tracks = msgs.flatMap((m) => m.tracks);
      expect(tracks.filter((t) => t.skeleton).length).toBeGreaterThan(tracks.length / 2);
      // Body embeddings: some, not on every track of every frame (quality gate + refresh interval).
      const withBody = tracks.filter((t) => t.bodyEmbedding).length;
      expect(withBody).toBeGreaterThan(0);
      expect(withBody).toBeLessThan(tracks.length);
      await vi.waitFor(() => expect(stats.length).toBeGreaterThan(0), { timeout: 5000, interval: 50 });
      const s = WorkerStats.parse(stats[stats.length - 1]);
      expect(s.backend).toBe('wasm');
      expect(s.cameras[0]).toMatchObject({ cameraId: 'cam-1', decodedFrames: frames.length, droppedFrames: 0 });
      expect(Object.keys(s.cameras[0]!.stageMs)).toEqual(expect.arrayContaining(['detect', 'pose', 'frameToSend']));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await new Promise<void>((r) => io.close(() => r()));
    }
  }, 180_000);
});
