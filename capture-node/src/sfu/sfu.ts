import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from '@gym/shared/logger.ts';
import { MediasoupWorkerError } from '../errors.ts';
import { ROUTER_CODECS } from './media-codecs.ts';

export interface SfuOptions {
  workerBin: string;
  rtcMinPort: number;
  rtcMaxPort: number;
  logger: Logger;
  /** mediasoup workers (one process, one core each), each with one router. Default 1. */
  workers?: number;
}

interface SfuEvents {
  /** A new router (slot `slot`) replaced one whose worker died: everything built on the old one is gone. */
  router: [types.Router, number];
}

interface Slot {
  worker: types.Worker | null;
  router: types.Router | null;
}

/**
 * A pool of mediasoup workers, one router each. Cameras are ingested on `routerFor(index)` (spread over the
 * workers); a client's transports live on the router of its connection (`nextConsumerSlot()`), and a camera
 * ingested on another router reaches it through `pipe()` (mediasoup's `pipeToRouter`, kept once per producer and
 * router). When a worker dies (crash, OOM, kill) a new one takes its slot and `router` is emitted, so ingests and
 * clients on that slot rebuild; the other slots keep running.
 */
export class Sfu extends EventEmitter<SfuEvents> {
  readonly #slots: Slot[];
  #closed = false;
  #restarts = 0;
  #nextConsumer = 0;
  /** `${producerId}>${routerId}` → the pipe in progress or done. */
  readonly #pipes = new Map<string, Promise<void>>();
  readonly #log: Logger;

  constructor(private readonly opts: SfuOptions) {
    super();
    this.#log = opts.logger.child({ module: 'sfu' });
    this.#slots = Array.from({ length: Math.max(1, opts.workers ?? 1) }, () => ({ worker: null, router: null }));
  }

  /** The first router (one-worker set-ups and tests). */
  get router(): types.Router | null {
    return this.#slots[0]!.router;
  }
  get size(): number {
    return this.#slots.length;
  }
  /** The router of a slot, null while its worker restarts. */
  routerAt(slot: number): types.Router | null {
    const r = this.#slots[slot % this.#slots.length]!.router;
    return r && !r.closed ? r : null;
  }
  /** Where the `index`-th camera is ingested: cameras spread evenly over the workers. */
  slotForCamera(index: number): number {
    return index % this.#slots.length;
  }
  /** The slot for a new client connection (round robin). */
  nextConsumerSlot(): number {
    return this.#nextConsumer++ % this.#slots.length;
  }
  get workerPid(): number | null {
    return this.#slots[0]!.worker?.pid ?? null;
  }
  get workerPids(): (number | null)[] {
    return this.#slots.map((s) => s.worker?.pid ?? null);
  }
  get restarts(): number {
    return this.#restarts;
  }
  /** Producers piped to another router right now (or being piped). */
  get pipes(): number {
    return this.#pipes.size;
  }

  async start(): Promise<void> {
    await Promise.all(this.#slots.map((_, i) => this.#startSlot(i)));
  }

  async #startSlot(i: number): Promise<types.Router> {
    if (!existsSync(this.opts.workerBin))
      throw new MediasoupWorkerError(
        `mediasoup worker binary not found at ${this.opts.workerBin}: run \`make setup\` (step 30-mediasoup) or set MEDIASOUP_WORKER_BIN`,
      );
    let worker: types.Worker;
    try {
      worker = await mediasoup.createWorker({
        workerBin: this.opts.workerBin,
        logLevel: 'warn',
        rtcMinPort: this.opts.rtcMinPort,
        rtcMaxPort: this.opts.rtcMaxPort,
        appData: { slot: i },
      });
    } catch (e) {
      throw new MediasoupWorkerError(`cannot start the mediasoup worker: ${(e as Error).message}`, { cause: e });
    }
    const slot = this.#slots[i]!;
    worker.on('died', (err) => {
      this.#log.error({ err: err.message, pid: worker.pid, slot: i }, 'mediasoup worker died; starting a new one');
      slot.worker = null;
      slot.router = null;
      if (!this.#closed) void this.#respawn(i);
    });
    slot.worker = worker;
    const router = await worker.createRouter({ mediaCodecs: ROUTER_CODECS, appData: { slot: i } });
    slot.router = router;
    this.#log.info({ pid: worker.pid, slot: i }, 'mediasoup worker started');
    return router;
  }

  async #respawn(i: number): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      try {
        const router = await this.#startSlot(i);
        this.#restarts++;
        this.emit('router', router, i);
        return;
      } catch (e) {
        this.#log.error({ err: (e as Error).message, slot: i }, 'mediasoup worker restart failed');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
      }
    }
  }

  /**
   * Makes `producer` (on router `from`) consumable on router `to`: a no-op when they are the same router, else
   * `pipeToRouter` once per producer and destination (the piped producer keeps the id and closes with the source).
   */
  async pipe(producer: types.Producer, from: types.Router, to: types.Router): Promise<void> {
    if (from.id === to.id) return;
    const key = `${producer.id}>${to.id}`;
    let p = this.#pipes.get(key);
    if (!p) {
      p = from.pipeToRouter({ producerId: producer.id, router: to, listenInfo: { protocol: 'udp', ip: '127.0.0.1' } }).then(
        ({ pipeProducer }) => {
          const forget = (): void => void this.#pipes.delete(key);
          if (!pipeProducer || pipeProducer.closed) return forget();
          pipeProducer.observer.once('close', forget);
        },
      );
      p.catch(() => this.#pipes.delete(key));
      this.#pipes.set(key, p);
    }
    await p;
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#slots) {
      s.worker?.close();
      s.worker = null;
      s.router = null;
    }
    this.#pipes.clear();
  }
}
