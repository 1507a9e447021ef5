/**
 * Page-side entry of perception for the worker page (issue 4's stream code calls it): one inference Web Worker
 * for all cameras of this page, one sender to the server, one runner that samples, analyses, sends and reports.
 *
 *   const perception = startPerception({ worker, serverUrl, token, workerId, fps, models, urls });
 *   // for each decoded frame of a camera, e.g. in FrameMonitor's requestVideoFrameCallback:
 *   perception.offer(cameraId, {
 *     image: () => new VideoFrame(video, { timestamp: meta.rtpTimestamp ?? 0 }),   // made only when analysed
 *     ts: performance.timeOrigin + (meta.captureTime ?? meta.expectedDisplayTime),  // capture ms since epoch
 *     width: meta.width, height: meta.height,
 *   });
 * An image (VideoFrame / ImageBitmap) passed directly is owned by perception from then on (closed when done).
 *
 * Frames not due at the analysis rate, or arriving while that camera's pipeline is full (its previous frame still
 * in the worker; with `detectorWorker`, two frames: one being detected, one being posed), are closed at once and
 * never queued. `worker:stats` goes to the server every `statsEveryMs`; `stats()` gives the
 * same report for the supervisor.
 */
import type { WorkerStats } from '@gym/shared';
import type { z } from 'zod';
import type { ModelRole, ModelsConfig, ModelUrls } from '../models/index.ts';
import { PerceptionSender, type PerceptionSenderOptions, type SenderLogger } from '../net/perception-sender.ts';
import type { CameraPipelineOptions, PipelineResult } from './camera-pipeline.ts';
import { InferenceClient } from './inference-client.ts';
import type { PortLike } from './inference-protocol.ts';
import type { InferenceInit, PoseWorkerFailed } from './inference.worker.ts';
import type { PoseWorkerRequest } from '../models/pose-pool.ts';
import { PerceptionRunner, type OfferedFrame } from './perception-runner.ts';

export interface StartPerceptionOptions {
  /** The inference worker, a classic one: `new Worker(new URL('./pipeline/inference.worker.ts', import.meta.url))`. */
  worker: PortLike;
  /**
   * A second worker from the same script, for the person detector alone (remote-detector.ts): the detector of the
   * next frame then runs beside the poses of this one, on another core, and each camera may have two frames in
   * flight (one being detected, one being posed) before a due frame is dropped as busy. Worth it with ≥ 2 cores.
   */
  detectorWorker?: PortLike;
  /**
   * Pose workers (classic, `models/pose.worker.ts`): each is connected to the inference worker by a MessageChannel,
   * and the inference worker poses each frame's people over them and itself (models/pose-pool.ts). A worker's
   * `error` event is forwarded to the inference worker, which then poses that worker's share itself.
   */
  poseWorkers?: PortLike[];
  /** The server, or several in failover order (perception-sender.ts). */
  serverUrl: string | readonly string[];
  token: string;
  workerId: string;
  /** Analysed frames per second per camera. */
  fps: number;
  models: ModelsConfig;
  urls: ModelUrls;
  roles?: ModelRole[];
  pipeline?: Omit<CameraPipelineOptions, 'cameraId'>;
  sender?: Partial<Omit<PerceptionSenderOptions, 'url' | 'token'>>;
  statsEveryMs?: number;
  logger?: SenderLogger;
  onResult?: (r: PipelineResult) => void;
}

export interface Perception {
  /** Resolves when the models are loaded (rejects with the model error naming the file). */
  ready: Promise<{ models: Record<string, string>; backend: string; poseWorkers: number }>;
  offer(cameraId: string, frame: OfferedFrame<unknown>): ReturnType<PerceptionRunner<unknown>['offer']>;
  stats(): z.input<typeof WorkerStats>;
  readonly sender: PerceptionSender;
  close(): void;
}

const BACKENDS = new Set(['webgpu', 'webgl', 'wasm']);

export function startPerception(o: StartPerceptionOptions): Perception {
  const init: InferenceInit = { type: 'init', models: o.models, urls: o.urls, ...(o.roles ? { roles: o.roles } : {}), ...(o.pipeline ? { pipeline: o.pipeline } : {}) };
  const split = Boolean(o.detectorWorker) && (o.roles ?? ['detector']).includes('detector');
  const transfer: MessagePort[] = [];
  if (split) {
    const { port1, port2 } = new MessageChannel();
    const dInit: InferenceInit = { type: 'init', models: o.models, urls: o.urls, roles: ['detector'], serve: 'detector', port: port1 };
    o.detectorWorker!.postMessage(dInit, [port1]);
    init.detectorPort = port2;
    transfer.push(port2);
  }
  const poseWorkers = (o.roles ?? ['pose']).includes('pose') ? (o.poseWorkers ?? []) : [];
  if (poseWorkers.length) {
    init.posePorts = poseWorkers.map((w, index) => {
      const { port1, port2 } = new MessageChannel();
      w.postMessage({ type: 'pose-serve', port: port1 } satisfies PoseWorkerRequest, [port1]);
      (w as unknown as { addEventListener(t: 'error', l: (e: ErrorEvent) => void): void }).addEventListener('error', (e) => {
        const failed: PoseWorkerFailed = { type: 'pose-worker-failed', index, message: `worker error: ${e.message || 'script failed'}` };
        o.worker.postMessage(failed);
      });
      return port2;
    });
    transfer.push(...init.posePorts);
  }
  o.worker.postMessage(init, transfer);
  const depth = split ? 2 : 1;
  const client = new InferenceClient<unknown>(o.worker, depth);
  const sender = new PerceptionSender({ url: o.serverUrl, token: o.token, ...(o.logger ? { logger: o.logger } : {}), ...o.sender }).start();
  const runner = new PerceptionRunner<unknown>({
    workerId: o.workerId,
    fps: o.fps,
    analyse: (cameraId, frame) => client.analyse(cameraId, frame),
    isBusy: (cameraId) => client.pending(cameraId) >= depth,
    sink: sender,
    backend: () => (BACKENDS.has(client.backend) ? (client.backend as 'webgpu' | 'webgl' | 'wasm') : 'none'),
    ...(o.onResult ? { onResult: o.onResult } : {}),
    onError: (cameraId, e) => o.logger?.warn({ cameraId, err: e.message }, 'analysis failed'),
  });
  const timer = setInterval(() => sender.sendStats(runner.workerStats()), o.statsEveryMs ?? 5000);
  return {
    ready: client.ready,
    offer: (cameraId, frame) => runner.offer(cameraId, frame),
    stats: () => runner.workerStats(),
    sender,
    close() {
      clearInterval(timer);
      sender.close();
      (o.worker as unknown as { terminate?: () => void }).terminate?.();
      (o.detectorWorker as unknown as { terminate?: () => void } | undefined)?.terminate?.();
      for (const w of o.poseWorkers ?? []) (w as unknown as { terminate?: () => void }).terminate?.();
    },
  };
}
