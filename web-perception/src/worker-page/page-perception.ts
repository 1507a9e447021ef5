/**
 * The worker page's perception: one `startPerception` (inference Web Worker with the real models, socket.io sender
 * to the server's /worker namespace) fed from every camera's decoded frames (FrameMonitor's
 * requestVideoFrameCallback). A VideoFrame is made from the <video> only for frames due at the camera's analysis
 * rate and not arriving while that camera's previous frame(s) still fill the pipeline; it is transferred, not copied.
 * With four or more cores the person detector runs in a second worker (see pipeline/remote-detector.ts); pose
 * workers (models/pose-pool.ts, `models.poseWorkers`) take a share of each frame's people.
 */
import type { WorkerStats } from '@gym/shared';
import type { z } from 'zod';
import { FrameSampler, startPerception, type Perception, type PortLike } from '../pipeline/index.ts';
import { DEFAULT_DETECT_EVERY, type PerceptionParams } from './page-params.ts';
import { poseWorkerCount } from '../models/pose-workers.ts';

/** What the page's heartbeat and tests read. */
export interface PagePerception {
  readonly perception: Perception;
  /** Hands a decoded frame of a camera to perception (the FrameMonitor's onFrame). */
  onFrame(cameraId: string, video: HTMLVideoElement, meta: VideoFrameCallbackMetadata, stream?: 'main' | 'analysis'): void;
  stats(): z.input<typeof WorkerStats>;
  /** Loaded models and backend, or the load error. */
  status(): { state: 'loading' | 'ready' | 'failed'; backend: string; models: Record<string, string>; error: string | null };
}

/** Cores from which the page runs the detector in a worker of its own by default (a guess above 2: not measured). */
const MIN_CORES_FOR_DETECTOR_WORKER = 4;

const log = {
  info: (o: object, m?: string) => console.info(`[perception] ${m ?? ''}`, JSON.stringify(o)),
  warn: (o: object, m?: string) => console.warn(`[perception] ${m ?? ''}`, JSON.stringify(o)),
};

export function startPagePerception(workerId: string, p: PerceptionParams): PagePerception {
  // A classic worker (vite `worker.format: 'iife'`): MediaPipe's wasm loader needs importScripts.
  const worker = new Worker(new URL('../pipeline/inference.worker.ts', import.meta.url));
  // With cores to spare, the detector gets a worker of its own (same script) and runs beside the poses. Not on 2
  // cores: measured there (docs/perception-worker.md) it gained 0–13 % fps at 1 camera, doubled the latency, and with
  // one browser per camera (already two inference workers) it cost a third of the fps. `detectorWorker=0|1` in the
  // page URL overrides.
  const split = (p.detectorWorker ?? (navigator.hardwareConcurrency || 1) >= MIN_CORES_FOR_DETECTOR_WORKER) && p.roles.includes('detector') && p.roles.includes('pose');
  const detectorWorker = split ? new Worker(new URL('../pipeline/inference.worker.ts', import.meta.url)) : undefined;
  // Pose workers (gym config `models.poseWorkers`; auto: cores − 1 on wasm): a frame's people are posed in them
  // and in the inference worker at once (models/pose-pool.ts). The backend is chosen in the inference worker, so
  // `auto` here assumes wasm unless the config forces a GPU backend.
  const poseWorkers: Worker[] = [];
  if (p.roles.includes('pose')) {
    const forced = p.models.backend === 'auto' ? 'wasm' : p.models.backend;
    const n = poseWorkerCount(p.models, { backend: forced, detectorWorker: Boolean(split) });
    try {
      while (poseWorkers.length < n) poseWorkers.push(new Worker(new URL('../models/pose.worker.ts', import.meta.url)));
    } catch (e) {
      log.warn({ err: (e as Error).message, started: poseWorkers.length, asked: n }, 'pose workers could not be created: poses in the inference worker');
    }
    if (n) log.info({ poseWorkers: poseWorkers.length }, 'pose workers');
  }
  const runnerFps = Math.max(p.fps, ...Object.values(p.cameraFps));
  const perception = startPerception({
    worker: worker as unknown as PortLike,
    ...(detectorWorker ? { detectorWorker: detectorWorker as unknown as PortLike } : {}),
    ...(poseWorkers.length ? { poseWorkers: poseWorkers as unknown as PortLike[] } : {}),
    serverUrl: p.serverUrls,
    token: p.serverToken,
    workerId,
    fps: runnerFps,
    models: p.models,
    urls: { modelsBase: '/models', ortWasmBase: '/ort/', mediapipeWasmBase: '/mediapipe/wasm' },
    roles: p.roles,
    pipeline: {
      detectEvery: p.detectEvery ?? DEFAULT_DETECT_EVERY,
      ...(p.attention ? { attention: p.attention } : {}),
      ...(p.newTrackScore ? { tracker: { newTrackScore: p.newTrackScore } } : {}),
    },
    statsEveryMs: 2000,
    // The server is on another origin: websocket only (no CORS long-polling under COEP).
    // While no server is connected (a failover's gap), the frames analysed are kept for the next one (bounded).
    sender: { socketOptions: { transports: ['websocket'] }, ...(p.offlineBuffer ? { offlineBuffer: p.offlineBuffer } : {}) },
    logger: log,
  });
  let status: ReturnType<PagePerception['status']> = { state: 'loading', backend: 'none', models: {}, error: null };
  perception.ready.then(
    (r) => {
      status = { state: 'ready', backend: r.backend, models: r.models, error: null };
      log.info({ backend: r.backend, models: r.models, poseWorkers: r.poseWorkers }, 'models ready');
    },
    (e: Error) => {
      status = { ...status, state: 'failed', error: e.message };
      log.warn({ err: e.message }, 'models failed to load');
    },
  );
  // Cameras slower than the runner's rate are thinned here first.
  const pre = new Map(Object.entries(p.cameraFps).filter(([, f]) => f < runnerFps).map(([id, f]) => [id, new FrameSampler(f)]));

  return {
    perception,
    onFrame(cameraId, video, meta, stream) {
      if (status.state !== 'ready') return;
      const ts = performance.timeOrigin + (meta.captureTime ?? meta.expectedDisplayTime);
      if (pre.get(cameraId)?.take(ts) === false) return;
      const r = perception.offer(cameraId, {
        image: () => new VideoFrame(video, { timestamp: Math.round(meta.mediaTime * 1e6) }),
        ts,
        width: meta.width,
        height: meta.height,
        ...(stream ? { stream } : {}),
      });
      if (typeof r !== 'string') void r.catch(() => undefined);
    },
    stats: () => perception.stats(),
    status: () => status,
  };
}
