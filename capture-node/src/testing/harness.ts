import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { CameraConfig } from '@gym/shared/config/gym-config.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { freePort } from '@gym/shared/testing/free-port.ts';
import { startCaptureNode, type CaptureNode, type StartOptions } from '../app.ts';
import { loadCaptureConfig } from '../config.ts';

export { freePort };

/** A TCP server that accepts connections and never answers: a camera that hangs. */
export async function silentServer(): Promise<{ port: number; server: Server }> {
  const server = createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, server };
}

/** Polls `fn` until it returns a truthy value (returned) or the time is up (throws with `what`). */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs: number, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface TestNodeOptions extends StartOptions {
  /** Cameras as the gym config takes them (name defaults to the id, transcode to auto). */
  cameras: (Pick<z.input<typeof CameraConfig>, 'id' | 'rtspUrl'> & Partial<z.input<typeof CameraConfig>>)[];
  webDistDir: string;
  workers?: number;
  tokens?: string;
  env?: Record<string, string>;
  /** Further top-level gym config sections (`analysis`, `models`). */
  gym?: Record<string, unknown>;
}

/** capture-node on a random port with the given cameras, through the real config loader. */
export async function startTestNode(o: TestNodeOptions): Promise<CaptureNode> {
  const dir = mkdtempSync(join(tmpdir(), 'gym-capture-test-'));
  const gymFile = join(dir, 'gym.json');
  writeFileSync(
    gymFile,
    JSON.stringify({
      gym: { id: 'test-gym', name: 'Test gym' },
      cameras: o.cameras.map((c) => ({ name: c.id, transcode: 'auto', ...c })),
      workers: { count: o.workers ?? 1, camerasPerWorker: 4 },
      ...o.gym,
    }),
  );
  const cfg = loadCaptureConfig({
    ...process.env,
    GYM_CONFIG: gymFile,
    CAPTURE_PORT: '0',
    CAPTURE_RTC_MIN_PORT: '42000',
    CAPTURE_RTC_MAX_PORT: '42999',
    CAPTURE_TOKENS: o.tokens ?? 'test-token',
    CAPTURE_RTSP_TIMEOUT_MS: '3000',
    CAPTURE_RECONNECT_MAX_MS: '1500',
    WEB_DIST_DIR: o.webDistDir,
    ...o.env,
  });
  return startCaptureNode(cfg, createLogger('capture-node-test', { level: 'warn' }), o);
}
