import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { chromium, type Browser } from 'playwright-core';
import { BrowserWorkerError } from '../errors.ts';
import { bridgeCdpPipe, type CdpPipeBridge } from './cdp-pipe-bridge.ts';
import { CHROMIUM_BASE_FLAGS, CHROMIUM_NO_THROTTLE_FLAGS, CHROMIUM_WEBRTC_FLAGS } from '@gym/shared/chromium-flags.ts';

/** Flags that work for headless WebRTC + wasm on Debian's chromium (see ../shared/notes). */
export const CHROMIUM_FLAGS = ['--headless', ...CHROMIUM_BASE_FLAGS, ...CHROMIUM_WEBRTC_FLAGS, ...CHROMIUM_NO_THROTTLE_FLAGS];

/** How long `close()` waits for Browser.close before it kills the process. */
const CLOSE_GRACE_MS = 3000;

export interface RunningChromium {
  process: ChildProcess;
  browser: Browser;
  /** Kills the browser and removes its profile. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * Open Chromium's DevTools port (`--remote-debugging-port`, on localhost) for debugging by hand. Off by default:
   * the port lists every page's URL and lets any local process drive the browser, so CDP then goes over a pipe.
   */
  devtoolsPort?: boolean;
}

/**
 * Starts Debian's chromium ourselves (so we own its pid and see it exit) with a fresh profile, and connects
 * playwright-core to it over CDP (a pipe, bridged by cdp-pipe-bridge.ts, unless `devtoolsPort`).
 */
export async function launchChromium(
  executablePath: string,
  extraArgs: string[] = [],
  timeoutMs = 30_000,
  flags: readonly string[] = CHROMIUM_FLAGS,
  opts: LaunchOptions = {},
): Promise<RunningChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'gym-chromium-'));
  const debugArg = opts.devtoolsPort ? '--remote-debugging-port=0' : '--remote-debugging-pipe';
  const proc = spawn(executablePath, [...flags, ...extraArgs, `--user-data-dir=${profile}`, debugArg, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const cleanup = (): void => {
    // Chromium's helpers may still be writing for a moment after the main process exits.
    setTimeout(() => {
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch {
        /* left in the temp dir; harmless */
      }
    }, 200).unref();
  };
  proc.once('exit', cleanup);
  // If this process goes away first (a crash, a test runner ending its worker), the browser must not outlive it.
  const killOnExit = (): void => void proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  proc.once('exit', () => process.off('exit', killOnExit));
  let ws: string;
  let bridge: CdpPipeBridge | null = null;
  try {
    ws = opts.devtoolsPort ? await devtoolsEndpoint() : (bridge = await bridgeCdpPipe(proc.stdio[3] as Writable, proc.stdio[4] as Readable)).endpoint;
  } catch (e) {
    proc.kill('SIGKILL');
    throw new BrowserWorkerError(`cannot start chromium at ${executablePath}: ${(e as Error).message}`, { cause: e });
  }
  proc.once('exit', () => bridge?.close());
  function devtoolsEndpoint(): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`no DevTools endpoint after ${timeoutMs} ms`)), timeoutMs);
      proc.stderr!.setEncoding('utf8').on('data', (d: string) => {
        buf = (buf + d).slice(-4000);
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.once('error', (e) => reject(e));
      proc.once('exit', (code) => reject(new Error(`chromium exited (${code}) before it was ready: ${buf.split('\n').slice(-3).join(' ')}`)));
    });
  }
  proc.stderr!.resume();
  const browser = await chromium.connectOverCDP(ws, { timeout: timeoutMs }).catch((e: Error) => {
    proc.kill('SIGKILL');
    throw new BrowserWorkerError(`cannot connect to chromium: ${e.message}`, { cause: e });
  });
  return {
    process: proc,
    browser,
    async close() {
      // A hung page can keep Browser.close from ever answering: give it a moment, then kill the process.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([browser.close().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
