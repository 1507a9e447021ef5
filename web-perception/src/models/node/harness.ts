/**
 * Node side of the model page: a small HTTP server (COOP/COEP, so wasm threads work) that serves the bundled
 * harness page, models/, onnxruntime-web's wasm, MediaPipe's wasm and registered input files; and one headless
 * Chromium (Debian's /usr/bin/chromium through playwright-core) with the page open. Used by `npx gym embed`,
 * the model tests and bench/models.bench.ts.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_BASE_FLAGS } from '@gym/shared/chromium-flags.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');

export interface HarnessOptions {
  /** models/ directory (default: <repo>/models). */
  modelsDir?: string;
  /** Chromium binary (default /usr/bin/chromium). */
  chromiumPath?: string;
  /** Expose WebGPU (SwiftShader software device without a GPU). */
  webgpu?: boolean;
  /** Cap on onnxruntime-web wasm threads (default: the page policy, cores − 1 within 1..4). */
  threads?: number;
  /** Send the page's console to this function. */
  onConsole?: (line: string) => void;
}

export interface Harness {
  page: Page;
  origin: string;
  /** Makes a local file fetchable by the page; returns its URL path. */
  fileUrl(path: string): string;
  close(): Promise<void>;
}

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

export const CHROMIUM_ARGS = [...CHROMIUM_BASE_FLAGS];

let bundle: Promise<string> | undefined;
async function pageBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [join(ROOT, 'web-perception/src/models/harness-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    alias: { '@gym/shared': join(ROOT, 'shared/src/index.ts') },
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const modelsDir = resolve(opts.modelsDir ?? join(ROOT, 'models'));
  const mounts: [string, string][] = [
    ['/models/', modelsDir],
    ['/ort/', join(ROOT, 'node_modules/onnxruntime-web/dist')],
    ['/mediapipe/wasm/', join(ROOT, 'node_modules/@mediapipe/tasks-vision/wasm')],
  ];
  const files: string[] = [];
  const js = await pageBundle();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Content-Security-Policy': "default-src 'self' blob: data:; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob:; connect-src 'self' blob: data:",
      'Cache-Control': 'no-store',
    };
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { ...headers, 'Content-Type': MIME['.html']! });
      res.end('<!doctype html><meta charset="utf-8"><title>gym models</title><script type="module" src="/page.js"></script>');
      return;
    }
    if (path === '/page.js') {
      res.writeHead(200, { ...headers, 'Content-Type': MIME['.js']! });
      res.end(js);
      return;
    }
    let file: string | undefined;
    const m = /^\/files\/(\d+)$/.exec(path);
    if (m) file = files[Number(m[1])];
    for (const [prefix, dir] of mounts) {
      if (!file && path.startsWith(prefix)) {
        const f = resolve(dir, path.slice(prefix.length));
        if (f.startsWith(dir)) file = f;
      }
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, headers);
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: opts.chromiumPath ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, ...(opts.webgpu ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'] : [])],
    });
    const page = await browser.newPage();
    if (opts.onConsole) page.on('console', (m) => opts.onConsole!(m.text()));
    page.on('pageerror', (e) => opts.onConsole?.(`pageerror: ${e.message}`));
    await page.goto(`${origin}/${opts.threads ? `?threads=${opts.threads}` : ''}`);
    await page.waitForFunction(() => 'gymModels' in window, undefined, { timeout: 30_000 });
    return {
      page,
      origin,
      fileUrl(path: string) {
        files.push(resolve(path));
        return `/files/${files.length - 1}`;
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
