import { EventEmitter } from 'node:events';
import type { Page } from 'playwright-core';
import { WorkerStats } from '@gym/shared';
import { placeCamera } from './assignment.ts';
import type { Logger } from '@gym/shared/logger.ts';
import type { TokenStore } from '../signaling/tokens.ts';
import { launchChromium, type RunningChromium } from './chromium.ts';

export interface SupervisorOptions {
  chromiumPath: string;
  /** Origin serving the worker page and the signaling namespace, e.g. http://127.0.0.1:8090 */
  baseUrl: string;
  /** Camera ids per worker (see assignCameras). */
  assignments: string[][];
  tokens: TokenStore;
  logger: Logger;
  /** A worker whose page has not reported for this long is killed and restarted. */
  heartbeatTimeoutMs?: number;
  /**
   * Extra query parameters for the page (perception settings; `stamp=1` in the latency bench). A function is
   * asked at every (re)start, so a secret that appears later (the server's dev worker token) is picked up.
   */
  pageParams?: Record<string, string> | ((cameras: string[]) => Record<string, string>);
  /** The browsers' flags instead of CHROMIUM_FLAGS (the GPU path: gpu-flags.ts). */
  chromiumFlags?: readonly string[];
  /** Open the browsers' DevTools port (CAPTURE_CHROMIUM_DEVTOOLS); default: CDP over a pipe, no port. */
  devtoolsPort?: boolean;
}

/** Page parameters that are secrets: never in the page URL (which DevTools and crash reports show), see pageSecrets(). */
export const SECRET_PAGE_PARAMS = ['token', 'serverToken'] as const;
export type PageSecrets = Partial<Record<(typeof SECRET_PAGE_PARAMS)[number], string>>;

export interface WorkerStatus {
  workerId: string;
  cameras: string[];
  state: 'starting' | 'running' | 'restarting' | 'stopped';
  pid: number | null;
  /** Increases by one each time the browser is (re)started. */
  incarnation: number;
  restarts: number;
  lastReport: WorkerStats | null;
  lastReportAt: number | null;
}

interface SupervisorEvents {
  report: [WorkerStats];
  restart: [{ workerId: string; reason: string }];
}

/** Keeps one headless Chromium per camera group running the worker page; restarts crashed or silent ones. */
export class WorkerSupervisor extends EventEmitter<SupervisorEvents> {
  readonly workers: BrowserWorker[];

  #started = false;
  #nextId: number;

  constructor(private readonly o: SupervisorOptions) {
    super();
    this.workers = o.assignments.map((cams, i) => new BrowserWorker(`worker-${i}`, cams, o, this));
    this.#nextId = this.workers.length;
  }

  /**
   * A camera added at runtime (the console's): a new browser while fewer than `count` run, else the least-loaded
   * one with room reloads with it. False when every worker is full (the camera is watched live, not analysed).
   */
  addCamera(cameraId: string, count: number, perWorker: number): boolean {
    if (this.workers.some((w) => w.cameras.includes(cameraId))) return true;
    const at = placeCamera(this.workers.map((w) => w.cameras), count, perWorker);
    if (at === null) return false;
    if (at === 'new') {
      const w = new BrowserWorker(`worker-${this.#nextId++}`, [cameraId], this.o, this);
      this.workers.push(w);
      if (this.#started) w.start();
    } else this.workers[at]!.setCameras([...this.workers[at]!.cameras, cameraId]);
    return true;
  }

  /** A runtime camera removed: its browser reloads without it, or stops when it had no other camera. */
  async removeCamera(cameraId: string): Promise<void> {
    const i = this.workers.findIndex((w) => w.cameras.includes(cameraId));
    if (i < 0) return;
    const w = this.workers[i]!;
    const rest = w.cameras.filter((c) => c !== cameraId);
    if (rest.length) return w.setCameras(rest);
    this.workers.splice(i, 1);
    await w.stop();
    w.setCameras([]);
  }
  start(): void {
    this.#started = true;
    for (const w of this.workers) w.start();
  }
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }
  status(): WorkerStatus[] {
    return this.workers.map((w) => w.status());
  }
  /** Reloads every worker's browser (its page URL is built again), e.g. when a setting the page needs appears. */
  restartAll(reason: string): void {
    for (const w of this.workers) w.restart(reason);
  }
}

export class BrowserWorker {
  #chromium: RunningChromium | null = null;
  #page: Page | null = null;
  #state: WorkerStatus['state'] = 'stopped';
  #incarnation = 0;
  #restarts = 0;
  #failures = 0;
  #lastReport: WorkerStats | null = null;
  #lastBeat = 0;
  #watchdog: NodeJS.Timeout | null = null;
  #retry: NodeJS.Timeout | null = null;
  /** The launch in progress, and browsers being closed: stop() waits for both, so no browser outlives it. */
  #launching: Promise<void> | null = null;
  readonly #closing = new Set<Promise<void>>();
  #lastOk: number | null = null;
  #token: string;
  readonly #log: Logger;
  readonly #timeout: number;

  constructor(
    readonly workerId: string,
    public cameras: string[],
    private readonly o: SupervisorOptions,
    private readonly events: WorkerSupervisor,
  ) {
    this.#token = o.tokens.mint(cameras);
    this.#log = o.logger.child({ module: 'supervisor', workerId });
    this.#timeout = o.heartbeatTimeoutMs ?? 15_000;
  }

  get page(): Page | null {
    return this.#page;
  }
  get pid(): number | null {
    return this.#chromium?.process.pid ?? null;
  }

  #params(): Record<string, string> {
    return {
      worker: this.workerId,
      cameras: this.cameras.join(','),
      signaling: this.o.baseUrl,
      token: this.#token,
      ...(typeof this.o.pageParams === 'function' ? this.o.pageParams(this.cameras) : this.o.pageParams),
    };
  }

  /** The page's URL: its settings, without the secrets. */
  pageUrl(): string {
    const p = this.#params();
    for (const k of SECRET_PAGE_PARAMS) delete p[k];
    return `${this.o.baseUrl}/web-perception/index.html?${new URLSearchParams(p)}`;
  }

  /** The page's secrets (signaling token, server worker token), handed to it by an init script at each start. */
  pageSecrets(): PageSecrets {
    const p = this.#params();
    return Object.fromEntries(SECRET_PAGE_PARAMS.filter((k) => p[k]).map((k) => [k, p[k]!]));
  }

  status(): WorkerStatus {
    return {
      workerId: this.workerId,
      cameras: this.cameras,
      state: this.#state,
      pid: this.pid,
      incarnation: this.#incarnation,
      restarts: this.#restarts,
      lastReport: this.#lastReport,
      lastReportAt: this.#lastBeat || null,
    };
  }

  start(): void {
    if (this.#state !== 'stopped') return;
    this.#state = 'starting';
    this.#watchdog = setInterval(() => this.#checkHeartbeat(), 1000);
    this.#launching = this.#launch();
  }

  async stop(): Promise<void> {
    this.#state = 'stopped';
    if (this.#watchdog) clearInterval(this.#watchdog);
    if (this.#retry) clearTimeout(this.#retry);
    // Close the current browser first (a page load in progress then fails fast), then wait for a launch in
    // progress (#launch never rejects; it closes a browser that arrives after the stop) and close what it left.
    await this.#closeCurrent();
    await this.#launching;
    await this.#closeCurrent();
    await Promise.all(this.#closing);
  }

  async #closeCurrent(): Promise<void> {
    const c = this.#chromium;
    this.#chromium = null;
    this.#page = null;
    await c?.close();
  }

  async #launch(): Promise<void> {
    if (this.#state === 'stopped') return;
    const incarnation = ++this.#incarnation;
    this.#lastBeat = Date.now(); // grace period for start-up
    try {
      const c = await launchChromium(this.o.chromiumPath, [], undefined, this.o.chromiumFlags, { devtoolsPort: this.o.devtoolsPort ?? false });
      if (this.#stoppedOrStale(incarnation)) return void (await c.close());
      this.#chromium = c;
      c.process.once('exit', (code, sig) => this.#onGone(incarnation, `chromium exited (${sig ?? code})`));
      const ctx = c.browser.contexts()[0] ?? (await c.browser.newContext());
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      this.#page = page;
      page.on('crash', () => this.#onGone(incarnation, 'page crashed'));
      page.on('pageerror', (e) => this.#log.warn({ err: e.message }, 'worker page error'));
      await page.exposeFunction('gymWorkerReport', (raw: unknown) => {
        if (incarnation !== this.#incarnation) return;
        const r = WorkerStats.safeParse(raw);
        if (!r.success) return void this.#log.warn('malformed worker report ignored');
        this.#lastReport = r.data;
        this.#lastBeat = Date.now();
        if (this.#state !== 'running') {
          this.#state = 'running';
          this.#log.info({ pid: c.process.pid, incarnation }, 'worker running');
        }
        if (Date.now() - (this.#lastOk ?? 0) > 30_000) this.#failures = 0;
        this.events.emit('report', r.data);
      });
      // Secrets reach the page as a frozen global set before its scripts run, never through the URL.
      await page.addInitScript((secrets: PageSecrets) => {
        Object.defineProperty(window, 'gymWorkerSecrets', { value: Object.freeze(secrets), enumerable: false });
      }, this.pageSecrets());
      await page.goto(this.pageUrl(), { waitUntil: 'load', timeout: 30_000 });
      this.#lastOk = Date.now();
    } catch (e) {
      this.#onGone(incarnation, `start failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  /** Analyse these cameras from now on: a token for them, and the page reloads with them (none: no token). */
  setCameras(cameras: string[]): void {
    this.o.tokens.revoke(this.#token);
    this.cameras = cameras;
    this.#token = cameras.length ? this.o.tokens.mint(cameras) : '';
    this.restart('cameras changed');
  }

  /** Replaces the browser now (same path as a crash, without counting as a failure for the backoff). */
  restart(reason: string): void {
    if (this.#state === 'stopped' || this.#state === 'restarting') return;
    this.#failures = 0;
    this.#onGone(this.#incarnation, reason);
  }

  #stoppedOrStale(incarnation: number): boolean {
    return this.#state === 'stopped' || incarnation !== this.#incarnation;
  }

  #checkHeartbeat(): void {
    if (this.#state === 'stopped' || this.#state === 'restarting') return;
    if (Date.now() - this.#lastBeat > this.#timeout) this.#onGone(this.#incarnation, `no heartbeat for ${this.#timeout} ms (hung)`);
  }

  #onGone(incarnation: number, reason: string): void {
    if (incarnation !== this.#incarnation || this.#state === 'stopped' || this.#state === 'restarting') return;
    this.#state = 'restarting';
    this.#restarts++;
    this.#log.warn({ reason }, 'worker browser gone; restarting');
    this.events.emit('restart', { workerId: this.workerId, reason });
    const c = this.#chromium;
    this.#chromium = null;
    this.#page = null;
    if (c) {
      const closing: Promise<void> = c.close().finally(() => this.#closing.delete(closing));
      this.#closing.add(closing);
    }
    const delay = Math.min(5000, 250 * 2 ** this.#failures++);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (this.#state === 'stopped') return;
      this.#state = 'starting';
      this.#launching = this.#launch();
    }, delay);
  }
}
