/**
 * Node side for running the worker page's perception half in headless Chromium without the transport: serves a
 * fixture page (startPerception + a real inference Web Worker), the models and wasm runtimes, decoded frames, and
 * a socket.io `/worker` namespace that validates what arrives. Used by start-perception.test.ts and
 * bench/perception.bench.ts.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Server } from 'socket.io';
import { parsePerceptionFrame, type Ack } from '@gym/shared';
import { CHROMIUM_BASE_FLAGS } from '@gym/shared/chromium-flags.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const ARGS = [...CHROMIUM_BASE_FLAGS];
const TOKEN = 'perception-harness-token';

async function bundle(entry: string, format: 'esm' | 'iife'): Promise<string> {
  const r = await build({ entryPoints: [entry], bundle: true, format, platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', alias: { '@gym/shared': join(ROOT, 'shared/src/index.ts') } });
  return r.outputFiles[0]!.text;
}

export interface Arrival {
  parsed: ReturnType<typeof parsePerceptionFrame>;
  /** Date.now() when the message arrived. */
  at: number;
}

/** `window.gymPerception` in the fixture page: `page.evaluate(() => (window as unknown as PerceptionWindow).gymPerception…)`. */
export type PerceptionWindow = { gymPerception: import('./perception-page.fixture.ts').PerceptionPageApi };

export interface PerceptionHarness {
  page: Page;
  arrivals: Arrival[];
  stats: unknown[];
  /** Makes a frame fetchable by the page at the returned URL. */
  putFrame(data: Buffer): string;
  pageErrors: string[];
  token: string;
  close(): Promise<void>;
}

export async function startPerceptionHarness(): Promise<PerceptionHarness> {
  const [pageJs, workerJs, poseWorkerJs] = await Promise.all([
    bundle(join(import.meta.dirname, 'perception-page.fixture.ts'), 'esm'),
    // A classic worker: MediaPipe's wasm glue needs importScripts.
    bundle(join(import.meta.dirname, '../inference.worker.ts'), 'iife'),
    bundle(join(import.meta.dirname, '../../models/pose.worker.ts'), 'iife'),
  ]);
  const frames = new Map<number, Buffer>();
  let nextFrame = 0;
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };
  const mounts: [string, string][] = [
    ['/models/', join(ROOT, 'models')],
    ['/ort/', join(ROOT, 'node_modules/onnxruntime-web/dist')],
    ['/mediapipe/wasm/', join(ROOT, 'node_modules/@mediapipe/tasks-vision/wasm')],
  ];
  const http: HttpServer = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const js = path === '/page.js' ? pageJs : path === '/worker.js' ? workerJs : path === '/pose-worker.js' ? poseWorkerJs : null;
    if (path === '/') return void res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
    if (js) return void res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(js);
    const m = /^\/frame\/(\d+)$/.exec(path);
    if (m) {
      const data = frames.get(Number(m[1]));
      frames.delete(Number(m[1]));
      return void (data ? res.writeHead(200, headers).end(data) : res.writeHead(404, headers).end());
    }
    for (const [prefix, dir] of mounts) {
      const f = resolve(dir, path.slice(prefix.length));
      if (path.startsWith(prefix) && f.startsWith(dir) && existsSync(f) && statSync(f).isFile()) {
        const ext = extname(f);
        res.writeHead(200, { ...headers, 'Content-Type': ext === '.wasm' ? 'application/wasm' : ext === '.js' || ext === '.mjs' ? 'text/javascript' : 'application/octet-stream' });
        return void createReadStream(f).pipe(res);
      }
    }
    if (!path.startsWith('/socket.io/')) res.writeHead(404, headers).end();
  });
  const io = new Server(http, { maxHttpBufferSize: 1e7 });
  const arrivals: Arrival[] = [];
  const stats: unknown[] = [];
  const ns = io.of('/worker');
  ns.use((s, next) => (s.handshake.auth?.token === TOKEN ? next() : next(new Error('bad token'))));
  ns.on('connection', (s) => {
    s.on('perception:frame', (raw: unknown, ack: (a: Ack<{ accepted: number }>) => void) => {
      const parsed = parsePerceptionFrame(raw);
      arrivals.push({ parsed, at: Date.now() });
      ack(parsed.success ? { ok: true, data: { accepted: parsed.data.tracks.length } } : { ok: false, error: { code: 'VALIDATION', message: 'bad frame' } });
    });
    s.on('worker:stats', (x: unknown) => stats.push(x));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(origin);
    await page.waitForFunction(() => 'gymPerception' in window);
    return {
      page,
      arrivals,
      stats,
      pageErrors,
      token: TOKEN,
      putFrame(data) {
        const id = nextFrame++;
        frames.set(id, data);
        return `/frame/${id}`;
      },
      async close() {
        await browser?.close();
        await new Promise<void>((r) => io.close(() => r()));
      },
    };
  } catch (e) {
    await browser?.close();
    io.close();
    throw e;
  }
}
