/**
 * Node side of the model page: a small HTTP server (COOP/COEP, so wasm threads work) that serves the bundled
 * harness page, models/, onnxruntime-web's wasm, MediaPipe's wasm and registered input files; and one headless
 * Chromium (Debian's /usr/bin/chromium through playwright-core) with the page open. Used by `npx gym embed`,
 * the model tests and bench/models.bench.ts.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startPageHost } from './page-host.ts';

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

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const files: string[] = [];
  const host = await startPageHost({
    entry: join(ROOT, 'web-perception/src/models/harness-page.ts'),
    title: 'gym models',
    readyGlobal: 'gymModels',
    modelsDir: opts.modelsDir,
    route: (path) => {
      const m = /^\/files\/(\d+)$/.exec(path);
      if (!m) return undefined;
      const file = files[Number(m[1])];
      return file ? { file } : null;
    },
    query: opts.threads ? `threads=${opts.threads}` : undefined,
    chromiumPath: opts.chromiumPath,
    extraArgs: opts.webgpu ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'] : [],
    onConsole: opts.onConsole,
  });
  return {
    page: host.page,
    origin: host.origin,
    fileUrl(path: string) {
      files.push(resolve(path));
      return `/files/${files.length - 1}`;
    },
    close: () => host.close(),
  };
}
