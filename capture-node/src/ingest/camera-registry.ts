import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { CameraHealth, CameraInfo, StreamKind } from '@gym/shared';
import type { CameraConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';
import type { Sfu } from '../sfu/sfu.ts';
import { CameraIngest } from './camera-ingest.ts';
import { RemoteCamera } from './remote-camera.ts';

interface RegistryEvents {
  health: [CameraHealth];
}

/** Every configured camera's ingest; rebuilds them all on a new router after a mediasoup worker death. */
export class CameraRegistry extends EventEmitter<RegistryEvents> {
  readonly #ingests = new Map<string, CameraIngest>();

  readonly #remote = new Map<string, RemoteCamera>();

  readonly #slots = new Map<string, number>();
  /** Cameras added at runtime (the console's, via the server), not from the config file. */
  readonly #added = new Set<string>();
  #started = false;
  #next = 0;
  readonly #sfu: Sfu;
  readonly #opts: { logger: Logger; rtspTimeoutMs: number; reconnectMaxMs: number };

  constructor(
    cameras: CameraConfig[],
    sfu: Sfu,
    opts: { logger: Logger; rtspTimeoutMs: number; reconnectMaxMs: number; nodeId?: string | null; peers?: { nodes: { id: string; url: string }[]; token: string | null; pipeIp: string; srtp?: boolean } },
  ) {
    super();
    this.#sfu = sfu;
    this.#opts = opts;
    const slots = this.#slots;
    for (const cam of cameras) {
      if (!cam.enabled) continue;
      // Multi-host: a camera of another node is piped from it (when this node has a peer token), not ingested.
      if (cam.node !== undefined && opts.nodeId && cam.node !== opts.nodeId) {
        const owner = opts.peers?.nodes.find((n) => n.id === cam.node);
        if (!owner || !opts.peers?.token) continue;
        const remote = new RemoteCamera(cam, { ownerUrl: owner.url, token: opts.peers.token, pipeIp: opts.peers.pipeIp, srtp: opts.peers.srtp ?? true, logger: opts.logger });
        remote.on('health', (h) => this.emit('health', h));
        this.#remote.set(cam.id, remote);
        continue;
      }
      this.#ingest(cam);
    }
    sfu.on('router', (_router, slot) => {
      for (const [id, i] of this.#ingests) if (slots.get(id) === slot) i.restart('mediasoup worker replaced');
    });
  }

  #ingest(cam: CameraConfig): CameraIngest {
    // Cameras spread over the mediasoup workers (one core each).
    const slot = this.#sfu.slotForCamera(this.#next++);
    this.#slots.set(cam.id, slot);
    const ingest = new CameraIngest(cam, { getRouter: () => this.#sfu.routerAt(slot), ...this.#opts });
    ingest.on('health', (h) => this.emit('health', h));
    // A fresh producer can be consumed before its first key frame: tell clients now (same health, re-sent) so
    // their consumer is in place when the picture starts.
    ingest.on('producer', () => this.emit('health', ingest.health));
    this.#ingests.set(cam.id, ingest);
    return ingest;
  }

  start(): void {
    this.#started = true;
    for (const i of this.#ingests.values()) i.start();
    for (const r of this.#remote.values()) r.start();
  }
  stop(): void {
    this.#started = false;
    for (const i of this.#ingests.values()) i.stop();
    for (const r of this.#remote.values()) r.stop();
  }

  /** Starts ingesting a camera added at runtime; false when the id is taken (a config camera, or already added). */
  add(cam: CameraConfig): boolean {
    if (this.has(cam.id)) return false;
    this.#added.add(cam.id);
    const ingest = this.#ingest(cam);
    if (this.#started) ingest.start();
    return true;
  }

  /** Stops and forgets a camera added at runtime (its ffmpeg is killed, its producers close). */
  remove(cameraId: string): boolean {
    if (!this.#added.has(cameraId)) return false;
    this.#added.delete(cameraId);
    this.#ingests.get(cameraId)?.stop();
    this.#ingests.delete(cameraId);
    this.#slots.delete(cameraId);
    return true;
  }

  /** Cameras added at runtime, with what they were added with. */
  added(): CameraConfig[] {
    return [...this.#added].map((id) => this.#ingests.get(id)!.camera);
  }

  has(cameraId: string): boolean {
    return this.#ingests.has(cameraId) || this.#remote.has(cameraId);
  }
  /** Cameras this node serves: its own ingests, then those piped from other nodes. */
  ids(): string[] {
    return [...this.#ingests.keys(), ...this.#remote.keys()];
  }
  remote(cameraId: string): RemoteCamera | undefined {
    return this.#remote.get(cameraId);
  }
  /**
   * The camera's producer, consumable on `router`: a local camera piped between this node's routers when needed,
   * a remote one piped from its node.
   */
  async resolve(cameraId: string, stream: StreamKind, router: types.Router): Promise<{ producer: types.Producer; stream: StreamKind; router: types.Router } | null> {
    const remote = this.#remote.get(cameraId);
    if (remote) {
      const r = await remote.producer(router, stream);
      return r ? { ...r, router } : null;
    }
    return this.producer(cameraId, stream);
  }
  get(cameraId: string): CameraIngest | undefined {
    return this.#ingests.get(cameraId);
  }
  /** The camera's producer for `stream`; `analysis` falls back to `main` for a camera without an analysis stream. */
  producer(cameraId: string, stream: StreamKind = 'main'): { producer: types.Producer; stream: StreamKind; router: types.Router } | null {
    const ingest = this.#ingests.get(cameraId);
    const router = ingest?.router;
    if (!ingest || !router) return null;
    const analysis = stream === 'analysis' ? ingest.analysisProducer : null;
    if (analysis) return { producer: analysis, stream: 'analysis', router };
    const main = ingest.producer;
    return main ? { producer: main, stream: 'main', router } : null;
  }
  list(filter?: (id: string) => boolean): CameraInfo[] {
    return [...this.#ingests.values(), ...this.#remote.values()]
      .filter((i) => !filter || filter(i.camera.id))
      .map((i) => ({ id: i.camera.id, name: i.camera.name, health: i.health }));
  }
}
