/**
 * Node side of `npx gym analyse-video`: serves the analysis page (bundled with esbuild), the models and the wasm
 * runtimes, and the current decoded frame; drives one headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core, flags from the models harness). Served with COOP/COEP so onnxruntime-web gets wasm threads.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ModelRole, ModelsConfig } from '../../models/index.ts';
import type { ByteTrackerOptions } from '../../tracking/byte-tracker.ts';
import type { AnalysePageApi, PageTrack } from './analyse-page.ts';
import type { DecodedFrame } from './video-decoder.ts';
import { CHROMIUM_BASE_FLAGS } from '@gym/shared/chromium-flags.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');

const CHROMIUM_ARGS = [...CHROMIUM_BASE_FLAGS];

const MIME: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

export interface FrameAnalyser {
  readonly backend: string;
  readonly models: Record<string, string>;
  /** Starts a new video (fresh tracker); several `cameraId`s run side by side (benches). */
  begin(tracker?: Partial<ByteTrackerOptions>, maxPoses?: number, cameraId?: string, detectEvery?: number, fullFramePose?: boolean): Promise<void>;
  analyse(frame: DecodedFrame, cameraId?: string): Promise<{ tracks: PageTrack[]; stageMs: Record<string, number> }>;
  /** Raw person detections (no tracking). */
  detect(frame: DecodedFrame, minScore?: number): Promise<{ box: { x: number; y: number; w: number; h: number }; score: number }[]>;
  close(): Promise<void>;
}

export interface ChromiumAnalyserOptions {
  models: ModelsConfig;
  roles?: ModelRole[];
  modelsDir?: string;
  chromiumPath?: string;
  onConsole?: (line: string) => void;
}

async function bundlePage(): Promise<string> {
  const r = await build({
    entryPoints: [join(ROOT, 'web-perception/src/cli/analyse-video/analyse-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    alias: { '@gym/shared': join(ROOT, 'shared/src/index.ts') },
  });
  return r.outputFiles[0]!.text;
}

export async function startChromiumAnalyser(o: ChromiumAnalyserOptions): Promise<FrameAnalyser> {
  const modelsDir = resolve(o.modelsDir ?? join(ROOT, 'models'));
  const mounts: [string, string][] = [
    ['/models/', modelsDir],
    ['/ort/', join(ROOT, 'node_modules/onnxruntime-web/dist')],
    ['/mediapipe/wasm/', join(ROOT, 'node_modules/@mediapipe/tasks-vision/wasm')],
  ];
  const js = await bundlePage();
  let current: { key: string; data: Buffer } | null = null;
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': "default-src 'self' blob: data:; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob:; connect-src 'self' blob: data:",
    'Cache-Control': 'no-store',
  };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><title>gym analyse-video</title><script type="module" src="/page.js"></script>');
      return;
    }
    if (path === '/page.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' });
      res.end(js);
      return;
    }
    if (path.startsWith('/frame/')) {
      if (!current || path !== `/frame/${current.key}`) {
        res.writeHead(404, headers);
        res.end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': current.data.length });
      res.end(current.data);
      return;
    }
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const f = resolve(dir, path.slice(prefix.length));
      if (f.startsWith(dir) && existsSync(f) && statSync(f).isFile()) {
        res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(f)] ?? 'application/octet-stream', 'Content-Length': statSync(f).size });
        createReadStream(f).pipe(res);
        return;
      }
    }
    res.writeHead(404, headers);
    res.end('not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: o.chromiumPath ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page: Page = await browser.newPage();
    if (o.onConsole) page.on('console', (m) => o.onConsole!(m.text()));
    page.on('pageerror', (e) => o.onConsole?.(`pageerror: ${e.message}`));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'gymAnalyse' in window, undefined, { timeout: 30_000 });
    const info = await page.evaluate(
      ([cfg, roles]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.init(cfg, roles),
      [o.models, o.roles ?? (['detector', 'pose'] as ModelRole[])] as const,
    );
    let n = 0;
    return {
      backend: info.backend,
      models: info.models,
      async begin(tracker = {}, maxPoses = 6, cameraId = 'file', detectEvery = 1, fullFramePose = false) {
        await page.evaluate(
          ([t, m, c, d, f]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.begin(t, m, c, d, f),
          [tracker, maxPoses, cameraId, detectEvery, fullFramePose] as const,
        );
      },
      async analyse(frame, cameraId = 'file') {
        const key = String(n++);
        current = { key, data: frame.data };
        try {
          return await page.evaluate(
            ([url, t, w, h, c]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.frame(url, t, w, h, c),
            [`/frame/${key}`, frame.t, frame.width, frame.height, cameraId] as const,
          );
        } finally {
          current = null;
        }
      },
      async detect(frame, minScore = 0.1) {
        const key = String(n++);
        current = { key, data: frame.data };
        try {
          return await page.evaluate(
            ([url, w, h, s]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.detect(url, w, h, s),
            [`/frame/${key}`, frame.width, frame.height, minScore] as const,
          );
        } finally {
          current = null;
        }
      },
      async close() {
        await browser?.close();
        await new Promise<void>((ok) => server.close(() => ok()));
      },
    };
  } catch (e) {
    await browser?.close();
    server.close();
    throw e;
  }
}
