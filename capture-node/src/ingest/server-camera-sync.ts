/**
 * Cameras added in the staff console reach capture-node without a restart: every few seconds it asks the server
 * (`GET /api/capture/cameras`, worker token) which console cameras are enabled, starts an ingest for each new one,
 * restarts one whose URL or transcode changed, and stops one that was disabled or removed. Config-file cameras are
 * never touched. A server that cannot be reached changes nothing (cameras keep running).
 */
import { CaptureCameraList } from '@gym/shared';
import { CameraConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';
import type { CameraRegistry } from './camera-registry.ts';

export interface CameraSyncOptions {
  serverUrl: string;
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
  readonly #log: Logger;

  constructor(
    private readonly registry: CameraRegistry,
    private readonly o: CameraSyncOptions,
  ) {
    this.#log = o.logger.child({ module: 'camera-sync' });
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

  async #round(): Promise<void> {
    const token = this.o.token();
    if (!token) return;
    let list: CaptureCameraList;
    try {
      const r = await fetch(new URL('/api/capture/cameras', this.o.serverUrl), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
      if (!r.ok) throw new Error(`server answered ${r.status}`);
      list = CaptureCameraList.parse(await r.json());
      if (this.#failing) this.#log.info('console camera list readable again');
      this.#failing = false;
    } catch (err) {
      if (!this.#failing) this.#log.warn({ err: (err as Error).message }, 'console camera list not readable; cameras stay as they are');
      this.#failing = true;
      return;
    }
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
