/**
 * The page's per-camera loop, independent of where frames come from (mediasoup tracks via
 * MediaStreamTrackProcessor / requestVideoFrameCallback, or a file) and of where analysis runs (the inference
 * worker, or in-process): sample at the analysis rate → analyse (skip when busy) → pack → send (drop when the
 * server is slow). It also keeps the numbers for `worker:stats`: decoded and analysed frames, analysed fps, drops,
 * per-stage ms and frame-to-message latency.
 */
import type { WorkerStats } from '@gym/shared';
import type { z } from 'zod';
import { toWireFrame } from '../net/packing.ts';
import type { SendResult } from '../net/perception-sender.ts';
import type { InputFrame, PipelineResult } from './camera-pipeline.ts';
import { releaseImage } from './inference-protocol.ts';
import { FrameSampler } from './frame-sampler.ts';
import { StageTimer } from './stage-timer.ts';

export type Analyse<Img> = (cameraId: string, frame: InputFrame<Img> & { seq: number }) => Promise<PipelineResult> | null;

export interface FrameSink {
  send(frame: ReturnType<typeof toWireFrame>): SendResult;
  /** The sink's offline buffer for a camera (PerceptionSender's), reported in `worker:stats`. */
  bufferFor?(cameraId: string): { buffered: number; dropped: number };
}

export interface PerceptionRunnerOptions<Img> {
  workerId: string;
  analyse: Analyse<Img>;
  sink: FrameSink;
  /** Analysed frames per second per camera (config `analysisFps`, default 5). */
  fps?: number;
  backend?: () => 'webgpu' | 'webgl' | 'wasm' | 'none';
  /** Told of every analysed frame (for the page's debug overlay and the CLI). */
  onResult?: (r: PipelineResult) => void;
  onError?: (cameraId: string, e: Error) => void;
  /** True while this camera's previous frame is still being analysed: lets a lazy image never be created. */
  isBusy?: (cameraId: string) => boolean;
  now?: () => number;
}

/** A frame whose image may be made only when it is really going to be analysed (e.g. `() => new VideoFrame(video)`). */
export type OfferedFrame<Img> = Omit<InputFrame<Img>, 'seq' | 'image'> & {
  image: Img | (() => Img);
  /** Which of the camera's streams the frame came from (reported in `worker:stats`). */
  stream?: 'main' | 'analysis';
};

interface CameraState {
  sampler: FrameSampler;
  seq: number;
  analysed: number;
  busyDrops: number;
  sendDrops: number;
  errors: number;
  width: number;
  height: number;
  stream: 'main' | 'analysis';
  lastFrameTs: number | null;
  timer: StageTimer;
  /** Completion times (ms, runner clock) of recent analyses, for the fps window. */
  done: number[];
}

const FPS_WINDOW_MS = 5000;

export class PerceptionRunner<Img> {
  private readonly cameras = new Map<string, CameraState>();
  private readonly now: () => number;
  private readonly fps: number;

  constructor(private readonly opts: PerceptionRunnerOptions<Img>) {
    this.now = opts.now ?? (() => performance.now());
    this.fps = opts.fps ?? 5;
  }

  private camera(cameraId: string): CameraState {
    let c = this.cameras.get(cameraId);
    if (!c) {
      c = { sampler: new FrameSampler(this.fps), seq: 0, analysed: 0, busyDrops: 0, sendDrops: 0, errors: 0, width: 0, height: 0, stream: 'main', lastFrameTs: null, timer: new StageTimer(this.now), done: [] };
      this.cameras.set(cameraId, c);
    }
    return c;
  }

  /**
   * Offers a decoded frame. Returns what happened to it: `skipped` (not due at the analysis rate), `busy`
   * (due, but the previous frame of this camera is still being analysed: dropped and counted) or the promise of
   * its analysis (which also sends it). The image is released in every case.
   */
  offer(cameraId: string, frame: OfferedFrame<Img>): 'skipped' | 'busy' | Promise<SendResult | 'error'> {
    const c = this.camera(cameraId);
    c.width = frame.width;
    c.height = frame.height;
    c.stream = frame.stream ?? 'main';
    const lazy = typeof frame.image === 'function';
    if (!c.sampler.take(frame.ts)) {
      if (!lazy) releaseImage(frame.image);
      return 'skipped';
    }
    const seq = c.seq++;
    if (lazy && this.opts.isBusy?.(cameraId)) {
      c.busyDrops++;
      return 'busy';
    }
    let image: Img;
    try {
      image = lazy ? (frame.image as () => Img)() : (frame.image as Img);
    } catch (e) {
      // The source could not give this frame (e.g. `new VideoFrame(video)` while the <video> is between sources).
      c.errors++;
      this.opts.onError?.(cameraId, e as Error);
      return Promise.resolve('error' as const);
    }
    const arrived = this.now();
    const p = this.opts.analyse(cameraId, { ts: frame.ts, width: frame.width, height: frame.height, image, seq });
    if (!p) {
      c.busyDrops++;
      return 'busy';
    }
    return p.then(
      (r) => {
        c.analysed++;
        c.lastFrameTs = r.ts;
        for (const [k, v] of Object.entries(r.stageMs)) c.timer.record(k, v);
        const t = this.now();
        c.done.push(t);
        while (c.done.length && c.done[0]! < t - FPS_WINDOW_MS) c.done.shift();
        this.opts.onResult?.(r);
        const res = this.opts.sink.send(toWireFrame(r.draft));
        if (res !== 'sent' && res !== 'buffered') c.sendDrops++;
        c.timer.record('frameToSend', this.now() - arrived);
        return res;
      },
      (e: Error) => {
        c.errors++;
        this.opts.onError?.(cameraId, e);
        return 'error' as const;
      },
    );
  }

  /** Analysed frames per second over the last few seconds. */
  analysedFps(cameraId: string): number {
    const c = this.cameras.get(cameraId);
    if (!c || c.done.length < 2) return 0;
    const t = this.now();
    while (c.done.length && c.done[0]! < t - FPS_WINDOW_MS) c.done.shift();
    if (c.done.length < 2) return 0;
    return ((c.done.length - 1) * 1000) / Math.max(1, c.done[c.done.length - 1]! - c.done[0]!);
  }

  counters(cameraId: string): { decoded: number; sampled: number; analysed: number; busyDrops: number; sendDrops: number; errors: number } | null {
    const c = this.cameras.get(cameraId);
    if (!c) return null;
    return { decoded: c.sampler.decoded, sampled: c.sampler.taken, analysed: c.analysed, busyDrops: c.busyDrops, sendDrops: c.sendDrops, errors: c.errors };
  }

  private bufferStats(cameraId: string): { offlineBuffered?: number; offlineDropped?: number } {
    const b = this.opts.sink.bufferFor?.(cameraId);
    return b ? { offlineBuffered: b.buffered, offlineDropped: b.dropped } : {};
  }

  /** The `worker:stats` report (validated by the sender before it goes out). */
  workerStats(at = Date.now()): z.input<typeof WorkerStats> {
    return {
      workerId: this.opts.workerId,
      backend: this.opts.backend?.() ?? 'none',
      at,
      cameras: [...this.cameras].map(([cameraId, c]) => ({
        ...this.bufferStats(cameraId),
        cameraId,
        decodedFrames: c.sampler.decoded,
        analysedFps: Math.round(this.analysedFps(cameraId) * 100) / 100,
        // Frames dropped from the offline buffer are the sender's (offlineDropped), not counted here.
        droppedFrames: c.busyDrops + c.sendDrops + c.errors,
        width: Math.round(c.width),
        height: Math.round(c.height),
        stream: c.stream,
        lastFrameTs: c.lastFrameTs,
        stageMs: c.timer.averages(),
      })),
    };
  }
}
