/**
 * Cameras added in the staff console reach capture-node without a restart: every few seconds it asks the server
 * (`GET /api/capture/cameras`, worker token) which console cameras are enabled, starts an ingest for each new one,
 * restarts one whose URL or transcode changed, and stops one that was disabled or removed. Config-file cameras are
 * never touched. A server that cannot be reached changes nothing (cameras keep running).
 *
 * Several servers (`SERVER_URLS`, docs/scaling.md): the list is asked of one of them at a time. When it does not
 * answer (down, refusing the token, a bad answer), the next one in the list is asked in the same round, wrapping
 * round to the first; the one that answered is asked first from then on (as the worker pages' sender does). Each
 * move is logged with the reason.
 */
import { CaptureCameraList } from '@gym/shared';
import { CameraConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';
import type { CameraRegistry } from './camera-registry.ts';

/** What the sync needs of the camera registry. */
export type SyncedRegistry = Pick<CameraRegistry, 'added' | 'has' | 'add' | 'remove'>;

export interface CameraSyncOptions {
  /** The servers to ask, in failover order (one or more). */
  serverUrls: readonly string[];
  /** One request's time limit, ms (default 5000). */
  timeoutMs?: number;
  /** The worker token now (null: not known yet → skip this round). */
  token: () => string | null;
  everyMs: number;
  logger: Logger;
  /** After a change: the cameras added and removed. */
  onChange?: (added: string[], removed: string[]) => void;
}

export class ServerCameraSync {
  #timer: NodeJS.Timeout | null = null;
  #failing = false;
  #running: Promise<void> | null = null;
  /** Index in serverUrls of the server asked first. */
  #current = 0;
  readonly #log: Logger;

  constructor(
    private readonly registry: SyncedRegistry,
    private readonly o: CameraSyncOptions,
  ) {
    if (!o.serverUrls.length) throw new Error('ServerCameraSync: serverUrls is empty');
    this.#log = o.logger.child({ module: 'camera-sync' });
  }

  /** The server asked first now. */
  get server(): string {
    return this.o.serverUrls[this.#current]!;
  }

  start(): void {
    void this.syncOnce();
    this.#timer = setInterval(() => void this.syncOnce(), this.o.everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One round (tests call it directly); rounds never overlap. */
  syncOnce(): Promise<void> {
    this.#running ??= this.#round().finally(() => (this.#running = null));
    return this.#running;
  }

  /** The list from the current server, else from the next ones in turn; null when none answered. */
  async #fetchList(token: string): Promise<CaptureCameraList | null> {
    const urls = this.o.serverUrls;
    const errors: string[] = [];
    for (let i = 0; i < urls.length; i++) {
      const at = (this.#current + i) % urls.length;
      const url = urls[at]!;
      try {
        const r = await fetch(new URL('/api/capture/cameras', url), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000) });
        if (!r.ok) throw new Error(`server answered ${r.status}`);
        const list = CaptureCameraList.parse(await r.json());
        if (at !== this.#current) {
          this.#log.info({ server: origin(url), previous: origin(urls[this.#current]!) }, 'console camera list now read from another server');
          this.#current = at;
        }
        if (this.#failing) this.#log.info({ server: origin(url) }, 'console camera list readable again');
        this.#failing = false;
        return list;
      } catch (err) {
        const reason = failure(err);
        errors.push(`${origin(url)}: ${reason}`);
        // Once per outage: while every server is down the rounds stay quiet.
        if (!this.#failing && urls.length > 1 && i < urls.length - 1)
          this.#log.warn({ server: origin(url), err: reason, next: origin(urls[(at + 1) % urls.length]!) }, 'console camera list not readable from this server; trying the next one');
      }
    }
    if (!this.#failing) this.#log.warn({ err: errors.join('; ') }, 'console camera list not readable; cameras stay as they are');
    this.#failing = true;
    return null;
  }

  async #round(): Promise<void> {
    const token = this.o.token();
    if (!token) return;
    const list = await this.#fetchList(token);
    if (!list) return;
    const wanted = new Map(list.cameras.map((c) => [c.id, c]));
    const added: string[] = [];
    const removed: string[] = [];
    for (const cam of this.registry.added()) {
      const w = wanted.get(cam.id);
      if (!w || w.rtspUrl !== cam.rtspUrl || w.transcode !== cam.transcode || w.name !== cam.name) {
        this.registry.remove(cam.id);
        removed.push(cam.id);
      }
    }
    for (const w of wanted.values()) {
      if (this.registry.has(w.id)) continue;
      const cam = CameraConfig.safeParse({ id: w.id, name: w.name, rtspUrl: w.rtspUrl, transcode: w.transcode });
      if (!cam.success) {
        this.#log.warn({ cameraId: w.id }, 'console camera refused: not a valid camera');
        continue;
      }
      if (this.registry.add(cam.data)) added.push(w.id);
    }
    // Camera ids only: the URLs may carry credentials.
    if (added.length || removed.length) {
      this.#log.info({ added, removed }, 'console cameras changed');
      this.o.onChange?.(added.filter((id) => !removed.includes(id)), removed.filter((id) => !added.includes(id)));
    }
  }
}

/** A server's origin for logs (never a path or credentials). */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '?';
  }
}

/** Why a request failed, in words: fetch's own message is only "fetch failed", its cause says what (ECONNREFUSED…). */
function failure(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'ZodError') return 'not a camera list';
  if (e.name === 'TimeoutError') return 'no answer in time';
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}
