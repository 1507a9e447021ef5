/**
 * One camera's poses over several cores: a PoseEstimator that splits the person boxes of a frame between the
 * calling thread's own MediapipePoseEstimator and a few pose Web Workers (pose.worker.ts, one PoseLandmarker each),
 * so the poses of person A and person B run at the same time. The crops are made here, exactly as the in-page
 * estimator makes them (pose.ts `drawPoseCrop`), and travel as transferred ImageBitmaps (256×256, no copy); the
 * workers answer with the landmarks in crop coordinates, mapped back here by the same `poseFromCrop`. Results are
 * in box order whichever lane computed them.
 *
 * A worker that fails (an error event, an error answer, no answer within `timeoutMs`, or a failed start) is
 * dropped with a logged reason and its boxes are estimated in this thread, in the same call: the pipeline never
 * stops for a worker. With no worker left the pool is the in-page estimator.
 *
 *   const pool = await PoseWorkerPool.create(local, [new Worker('/pose-worker.js')], { options, log });
 *   const poses = await pool.estimate(frame, boxes);   // same meaning as local.estimate(frame, boxes)
 */
import { drawable, imageSize } from './image.ts';
import { drawPoseCrop, poseFromCrop, type CropLandmarks, type MediapipePoseEstimator, type PoseOptions } from './pose.ts';
import type { Box, ImageInput, PersonPose, PoseEstimator } from './types.ts';

/** The part of Worker / MessagePort the pool uses. */
export interface PoseLanePort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message' | 'error', listener: (ev: MessageEvent & ErrorEvent) => void): void;
  removeEventListener?(type: 'message' | 'error', listener: (ev: MessageEvent & ErrorEvent) => void): void;
  start?(): void;
  terminate?(): void;
  close?(): void;
}

export type PoseWorkerRequest =
  | { type: 'pose-init'; options: PoseOptions }
  | { type: 'pose'; id: number; crops: ImageBitmap[] }
  /** From the page to a worker it created: serve the pool at the other end of `port` instead of `self`. */
  | { type: 'pose-serve'; port: MessagePort };

export type PoseWorkerAnswer =
  | { type: 'pose-ready'; name: string }
  | { type: 'poses'; id: number; landmarks: (number[] | null)[]; ms: number }
  | { type: 'pose-error'; id: number | null; message: string };

export interface PoseWorkerPoolOptions {
  /** What each worker loads (the local estimator's options). */
  options: PoseOptions;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** A worker that has not answered a request after this long is taken as dead (default 5000 ms). */
  timeoutMs?: number;
  /** How long a worker may take to load its model (default 60 s). */
  startTimeoutMs?: number;
  /** Whether the calling thread poses a share of each frame itself (default true); false: the workers take all. */
  localShare?: boolean;
}

export class PoseWorkerError extends Error {
  override name = 'PoseWorkerError';
}

/** Flat 33 × (x, y, z, visibility) from the worker back to MediaPipe's shape. */
function unflatten(flat: number[] | null): CropLandmarks | undefined {
  if (!flat || flat.length !== 33 * 4) return undefined;
  const out: CropLandmarks = [];
  for (let i = 0; i < 33; i++) out.push({ x: flat[i * 4]!, y: flat[i * 4 + 1]!, z: flat[i * 4 + 2]!, visibility: flat[i * 4 + 3]! });
  return out;
}

class Lane {
  dead: string | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (l: (number[] | null)[]) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  readonly ready: Promise<void>;
  /** The worker's model is loaded (only then does it get boxes). */
  started = false;
  private readonly readyFail: (e: Error) => void;
  /** Requests answered and the worker's own ms for them (stats). */
  served = 0;
  busyMs = 0;

  constructor(
    readonly index: number,
    private readonly port: PoseLanePort,
    options: PoseOptions,
    private readonly timeoutMs: number,
    startTimeoutMs: number,
    private readonly onDead: (lane: Lane, reason: string) => void,
  ) {
    let readyOk!: () => void;
    let readyFail!: (e: Error) => void;
    this.ready = new Promise<void>((ok, fail) => ((readyOk = ok), (readyFail = fail)));
    this.readyFail = readyFail;
    const startTimer = setTimeout(() => readyFail(new PoseWorkerError(`no answer within ${startTimeoutMs} ms of start`)), startTimeoutMs);
    port.addEventListener('message', (ev) => {
      const m = ev.data as PoseWorkerAnswer;
      if (m?.type === 'pose-ready') {
        clearTimeout(startTimer);
        this.started = true;
        readyOk();
      } else if (m?.type === 'poses') {
        this.served++;
        this.busyMs += m.ms;
        this.settle(m.id, (w) => w.resolve(m.landmarks));
      } else if (m?.type === 'pose-error') {
        if (m.id === null) {
          clearTimeout(startTimer);
          readyFail(new PoseWorkerError(m.message));
        }
        this.fail(m.message);
      }
    });
    // Worker objects report an uncaught error or a script that failed to load; MessagePorts never fire this.
    port.addEventListener('error', (ev) => {
      clearTimeout(startTimer);
      const reason = `worker error: ${ev.message || 'script failed'}`;
      readyFail(new PoseWorkerError(reason));
      this.fail(reason);
    });
    port.start?.();
    this.ready.catch(() => undefined);
    port.postMessage({ type: 'pose-init', options } satisfies PoseWorkerRequest);
  }

  /** Crops (transferred) → the landmarks of each, in order; rejects when the worker fails. */
  request(crops: ImageBitmap[]): Promise<(number[] | null)[]> {
    if (this.dead) {
      for (const c of crops) c.close();
      return Promise.reject(new PoseWorkerError(this.dead));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(`no answer within ${this.timeoutMs} ms`), this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.port.postMessage({ type: 'pose', id, crops } satisfies PoseWorkerRequest, crops);
    });
  }

  fail(reason: string): void {
    if (this.dead) return;
    this.dead = reason;
    this.readyFail(new PoseWorkerError(reason)); // no-op once started
    for (const id of [...this.waiting.keys()]) this.settle(id, (w) => w.reject(new PoseWorkerError(reason)));
    try {
      this.port.terminate?.();
      this.port.close?.();
    } catch {
      // already gone
    }
    this.onDead(this, reason);
  }

  close(): void {
    this.dead ??= 'closed';
    for (const id of [...this.waiting.keys()]) this.settle(id, (w) => w.reject(new PoseWorkerError('closed')));
    this.port.terminate?.();
    this.port.close?.();
  }

  private settle(id: number, fn: (w: { resolve: (l: (number[] | null)[]) => void; reject: (e: Error) => void }) => void): void {
    const w = this.waiting.get(id);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(id);
    fn(w);
  }
}

export class PoseWorkerPool implements PoseEstimator {
  readonly name: string;
  private readonly canvas: OffscreenCanvas;
  private readonly ctx: OffscreenCanvasRenderingContext2D;

  private constructor(
    private readonly local: MediapipePoseEstimator,
    private readonly lanes: Lane[],
    private readonly localShare: boolean,
  ) {
    // The pool answers as the model it runs: the poses mean the same whichever thread computed them.
    this.name = local.name;
    const n = local.cropSize;
    this.canvas = new OffscreenCanvas(n, n);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas is not available');
    this.ctx = ctx;
  }

  /**
   * Starts a pose model in each of `ports` and returns at once; `ready` settles when every worker has started or
   * been dropped (logged). A worker gets boxes only once started, so the pool can be used (and told of a worker's
   * failure, `workerFailed`) before then.
   */
  static start(local: MediapipePoseEstimator, ports: readonly PoseLanePort[], o: PoseWorkerPoolOptions): PoseWorkerPool {
    const log = o.log ?? ((m, f) => console.info(`[pose] ${m}`, JSON.stringify(f ?? {})));
    const lanes: Lane[] = [];
    const pool = new PoseWorkerPool(local, lanes, o.localShare ?? true);
    const onDead = (lane: Lane, reason: string) => log('pose worker dropped, its poses run in this thread', { worker: lane.index, reason, workersLeft: pool.workers });
    lanes.push(...ports.map((p, i) => new Lane(i, p, o.options, o.timeoutMs ?? 5000, o.startTimeoutMs ?? 60_000, onDead)));
    pool.ready = Promise.allSettled(lanes.map((l) => l.ready)).then((started) => {
      started.forEach((s, i) => s.status === 'rejected' && lanes[i]!.fail((s.reason as Error).message));
      log(pool.workers ? 'pose workers ready' : 'no pose worker could start: poses in this thread', { workers: pool.workers, asked: ports.length });
    });
    return pool;
  }

  /** `start`, resolving once every worker has started or been dropped (possibly none left: the local estimator). */
  static async create(local: MediapipePoseEstimator, ports: readonly PoseLanePort[], o: PoseWorkerPoolOptions): Promise<PoseWorkerPool> {
    const pool = PoseWorkerPool.start(local, ports, o);
    await pool.ready;
    return pool;
  }

  /** Settles when every worker has started or been dropped. */
  ready: Promise<void> = Promise.resolve();

  /** Workers started and still serving. */
  get workers(): number {
    return this.lanes.filter((l) => !l.dead && l.started).length;
  }

  /** Marks a worker as failed from outside (the page saw its `error` event): its poses come back here. */
  workerFailed(index: number, reason: string): void {
    this.lanes[index]?.fail(reason);
  }

  /** Per worker: requests served, mean ms of the worker's own time per request, or why it was dropped. */
  stats(): { index: number; served: number; meanMs: number; dead: string | null }[] {
    return this.lanes.map((l) => ({ index: l.index, served: l.served, meanMs: l.served ? l.busyMs / l.served : 0, dead: l.dead }));
  }

  async estimate(image: ImageInput, boxes: readonly Box[]): Promise<(PersonPose | null)[]> {
    const alive = this.lanes.filter((l) => !l.dead && l.started);
    if (!alive.length || (boxes.length < 2 && this.localShare) || !boxes.length) return this.local.estimate(image, boxes);
    const { width, height } = imageSize(image);
    const src = drawable(image) as CanvasImageSource;
    const n = this.local.cropSize;
    const out: (PersonPose | null)[] = boxes.map(() => null);
    // Box i goes to lane i mod (workers + 1); lane 0 is this thread (without a local share: lane i mod workers).
    // The workers' crops go first, so they run while this thread estimates its own share.
    const off = this.localShare ? 1 : 0;
    const lanesN = alive.length + off;
    const remote: Promise<void>[] = [];
    alive.forEach((lane, j) => {
      const idx = boxes.map((_, i) => i).filter((i) => i % lanesN === j + off);
      if (!idx.length) return;
      const crops: ImageBitmap[] = [];
      const regions: Box[] = [];
      for (const i of idx) {
        regions.push(drawPoseCrop(this.ctx, src, boxes[i]!, n));
        crops.push(this.canvas.transferToImageBitmap());
      }
      remote.push(
        lane.request(crops).then(
          (lms) => idx.forEach((i, k) => (out[i] = poseFromCrop(unflatten(lms[k] ?? null), boxes[i]!, regions[k]!, width, height))),
          // The worker failed (already logged): its boxes are estimated here, in this call.
          async () => {
            const again = await this.local.estimate(image, idx.map((i) => boxes[i]!));
            idx.forEach((i, k) => (out[i] = again[k] ?? null));
          },
        ),
      );
    });
    const mine = this.localShare ? boxes.map((_, i) => i).filter((i) => i % lanesN === 0) : [];
    const own = await this.local.estimate(image, mine.map((i) => boxes[i]!));
    mine.forEach((i, k) => (out[i] = own[k] ?? null));
    await Promise.all(remote);
    return out;
  }

  async dispose(): Promise<void> {
    for (const l of this.lanes) l.close();
    await this.local.dispose();
  }
}
