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
}

interface SfuEvents {
  /** A new router replaced one whose worker died: everything built on the old one is gone. */
  router: [types.Router];
}

/**
 * One mediasoup worker and its router. When the worker dies (crash, OOM, kill), a new one is started and
 * `router` is emitted so ingests and signaling rebuild on it.
 */
export class Sfu extends EventEmitter<SfuEvents> {
  #worker: types.Worker | null = null;
  #router: types.Router | null = null;
  #closed = false;
  #restarts = 0;
  readonly #log: Logger;

  constructor(private readonly opts: SfuOptions) {
    super();
    this.#log = opts.logger.child({ module: 'sfu' });
  }

  get router(): types.Router | null {
    return this.#router;
  }
  get workerPid(): number | null {
    return this.#worker?.pid ?? null;
  }
  get restarts(): number {
    return this.#restarts;
  }

  async start(): Promise<types.Router> {
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
      });
    } catch (e) {
      throw new MediasoupWorkerError(`cannot start the mediasoup worker: ${(e as Error).message}`, { cause: e });
    }
    worker.on('died', (err) => {
      this.#log.error({ err: err.message, pid: worker.pid }, 'mediasoup worker died; starting a new one');
      this.#worker = null;
      this.#router = null;
      if (!this.#closed) void this.#respawn();
    });
    this.#worker = worker;
    this.#router = await worker.createRouter({ mediaCodecs: ROUTER_CODECS });
    this.#log.info({ pid: worker.pid }, 'mediasoup worker started');
    return this.#router;
  }

  async #respawn(): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      try {
        const router = await this.start();
        this.#restarts++;
        this.emit('router', router);
        return;
      } catch (e) {
        this.#log.error({ err: (e as Error).message }, 'mediasoup worker restart failed');
        await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#worker?.close();
    this.#worker = null;
    this.#router = null;
  }
}
