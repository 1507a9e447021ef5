/**
 * Runs a bundled model page in headless Chromium from Node: a small HTTP server (COOP/COEP + a same-origin CSP, so
 * onnxruntime-web gets wasm threads and nothing leaves the machine) serving the page, models/, onnxruntime-web's
 * and MediaPipe's wasm, plus routes of the caller's own; and one Chromium (Debian's /usr/bin/chromium through
 * playwright-core) with the page open. Shared by the model harness (`gym embed`, model tests, bench) and
 * `gym analyse-video`.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_BASE_FLAGS } from '@gym/shared/chromium-flags.ts';

export const ROOT = resolve(import.meta.dirname, '../../../..');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
};

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': "default-src 'self' blob: data:; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob:; connect-src 'self' blob: data:",
  'Cache-Control': 'no-store',
};

/** What a caller's route answers: a local file, bytes, or nothing (404). `undefined` → not this route. */
export type RouteAnswer = { file: string } | { data: Buffer } | null | undefined;

export interface PageHostOptions {
  /** The page's TypeScript entry, bundled with esbuild (once per process). */
  entry: string;
  title: string;
  /** Classic Web Worker scripts the page starts, by URL path (e.g. `/pose-worker.js` → models/pose.worker.ts), bundled as iife. */
  workers?: Record<string, string>;
  /** Global the page sets when it is ready, e.g. `gymModels`. */
  readyGlobal: string;
  /** models/ directory (default: <repo>/models). */
  modelsDir?: string;
  /** Tried before the static mounts. */
  route?: (path: string) => RouteAnswer;
  /** Query string for the page URL, without `?`. */
  query?: string;
  chromiumPath?: string;
  extraArgs?: string[];
  /** The browser's flags instead of CHROMIUM_BASE_FLAGS (the GPU bench drops `--disable-gpu`). */
  flags?: readonly string[];
  onConsole?: (line: string) => void;
}

export interface PageHost {
  page: Page;
  origin: string;
  close(): Promise<void>;
}

const bundles = new Map<string, Promise<string>>();
function bundle(entry: string, format: 'esm' | 'iife' = 'esm'): Promise<string> {
  let b = bundles.get(`${format}:${entry}`);
  if (!b) {
    b = build({
      entryPoints: [entry],
      bundle: true,
      format,
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      alias: { '@gym/shared': join(ROOT, 'shared/src/index.ts') },
    }).then((r) => r.outputFiles[0]!.text);
    bundles.set(`${format}:${entry}`, b);
  }
  return b;
}

function sendFile(res: ServerResponse, file: string): boolean {
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  res.writeHead(200, { ...HEADERS, 'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
  createReadStream(file).pipe(res);
  return true;
}

export async function startPageHost(o: PageHostOptions): Promise<PageHost> {
  const modelsDir = resolve(o.modelsDir ?? join(ROOT, 'models'));
  const mounts: [string, string][] = [
    ['/models/', modelsDir],
    ['/ort/', join(ROOT, 'node_modules/onnxruntime-web/dist')],
    ['/mediapipe/wasm/', join(ROOT, 'node_modules/@mediapipe/tasks-vision/wasm')],
  ];
  const js = await bundle(o.entry);
  // A classic worker: MediaPipe's wasm glue loads with importScripts.
  const workerJs = new Map(await Promise.all(Object.entries(o.workers ?? {}).map(async ([path, entry]) => [path, await bundle(entry, 'iife')] as const)));
  const notFound = (res: ServerResponse) => {
    res.writeHead(404, HEADERS);
    res.end('not found');
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { ...HEADERS, 'Content-Type': MIME['.html']! });
      res.end(`<!doctype html><meta charset="utf-8"><title>${o.title}</title><script type="module" src="/page.js"></script>`);
      return;
    }
    if (path === '/page.js') {
      res.writeHead(200, { ...HEADERS, 'Content-Type': MIME['.js']! });
      res.end(js);
      return;
    }
    const worker = workerJs.get(path);
    if (worker !== undefined) {
      res.writeHead(200, { ...HEADERS, 'Content-Type': MIME['.js']! });
      res.end(worker);
      return;
    }
    const answer = o.route?.(path);
    if (answer !== undefined) {
      if (answer && 'data' in answer) {
        res.writeHead(200, { ...HEADERS, 'Content-Type': 'application/octet-stream', 'Content-Length': answer.data.length });
        res.end(answer.data);
      } else if (!answer || !sendFile(res, answer.file)) notFound(res);
      return;
    }
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const f = resolve(dir, path.slice(prefix.length));
      if (f.startsWith(dir) && sendFile(res, f)) return;
    }
    notFound(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: o.chromiumPath ?? '/usr/bin/chromium', args: [...(o.flags ?? CHROMIUM_BASE_FLAGS), ...(o.extraArgs ?? [])] });
    const page = await browser.newPage();
    if (o.onConsole) page.on('console', (m) => o.onConsole!(m.text()));
    page.on('pageerror', (e) => o.onConsole?.(`pageerror: ${e.message}`));
    await page.goto(`${origin}/${o.query ? `?${o.query}` : ''}`);
    await page.waitForFunction((g) => g in window, o.readyGlobal, { timeout: 30_000 });
    return {
      page,
      origin,
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
