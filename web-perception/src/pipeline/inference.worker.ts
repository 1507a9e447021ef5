/**
 * The inference Web Worker of the worker page: loads the configured models (../models) once and serves frames
 * through `serveInference`. The page starts it with
 *
 *   new Worker(new URL('./pipeline/inference.worker.ts', import.meta.url))   // classic (vite: worker.format 'iife')
 *
 * It must be a classic worker: MediaPipe tasks-vision loads its wasm glue with importScripts, and in a module
 * worker it fails with "ModuleFactory not set".
 * and sends one `{ type: 'init', models, urls, roles, pipeline }` message before any frame (startPerception does).
 *
 * The same script is also the detector worker (`serve: 'detector'`): it then loads only the person detector and
 * answers detection requests on the MessagePort `port` (remote-detector.ts). An inference worker given the other
 * end of that channel as `detectorPort` uses that detector instead of loading its own.
 *
 * With `posePorts` (one MessagePort per pose worker the page started, models/pose.worker.ts) the pose model becomes
 * a PoseWorkerPool (models/pose-pool.ts): each frame's people are posed here and in those workers at once. The page
 * forwards a pose worker's `error` event as `{ type: 'pose-worker-failed', index, message }`; a failed worker's
 * poses come back to this worker.
 */
import { addPoseWorkers, createPerceptionModels, PoseWorkerPool, type ModelRole, type ModelsConfig, type ModelUrls } from '../models/index.ts';
import type { Face, ImageInput } from '../models/types.ts';
import type { CameraPipelineOptions } from './camera-pipeline.ts';
import { serveInference } from './inference-host.ts';
import type { PortLike } from './inference-protocol.ts';
import { RemoteDetector, serveDetection } from './remote-detector.ts';
import type { PipelineModels } from './model-ports.ts';

export interface InferenceInit {
  type: 'init';
  models: ModelsConfig;
  urls: ModelUrls;
  roles?: ModelRole[];
  /** Per-camera pipeline options (tracker, gate, maxPoses), without the camera id. */
  pipeline?: Omit<CameraPipelineOptions, 'cameraId'>;
  /** 'detector': be the detector worker, serving `port`. Default: the inference worker. */
  serve?: 'inference' | 'detector';
  /** serve 'detector': where detection requests come from. */
  port?: MessagePort;
  /** The detector worker's end of the channel: detection runs there, ahead of its frame's turn. */
  detectorPort?: MessagePort;
  /** One port per pose worker (pose-pool.ts): poses spread over them and this worker. */
  posePorts?: MessagePort[];
}

/** From the page: pose worker `index` fired an error event (its port cannot say so itself). */
export interface PoseWorkerFailed {
  type: 'pose-worker-failed';
  index: number;
  message: string;
}

const scope = self as unknown as PortLike;

function onInit(ev: MessageEvent): void {
  const init = ev.data as InferenceInit;
  if (init?.type !== 'init') return;
  scope.removeEventListener('message', onInit);
  const log = (msg: string, f?: Record<string, unknown>) => console.info(`[models] ${msg}`, JSON.stringify(f ?? {}));
  if (init.serve === 'detector') {
    if (!init.port) throw new Error('detector worker: no port to serve');
    serveDetection<ImageInput>(
      init.port as unknown as PortLike,
      createPerceptionModels(init.models, init.urls, ['detector'], log).then((m) => {
        if (!m.detector) throw new Error('no person detector configured');
        return m.detector;
      }),
    );
    return;
  }
  let backend = 'none';
  const remote = init.detectorPort ? new RemoteDetector<ImageInput>(init.detectorPort as unknown as PortLike) : null;
  const roles = (init.roles ?? ['detector', 'pose', 'body', 'face']).filter((r) => !(remote && r === 'detector'));
  let pool: PoseWorkerPool | null = null;
  const failures: PoseWorkerFailed[] = [];
  scope.addEventListener('message', (e: MessageEvent) => {
    const f = e.data as PoseWorkerFailed;
    if (f?.type !== 'pose-worker-failed') return;
    if (pool) pool.workerFailed(f.index, f.message);
    else failures.push(f);
  });
  serveInference<ImageInput, Face>(scope, {
    async createModels(): Promise<PipelineModels<ImageInput, Face>> {
      const [m, detector] = await Promise.all([createPerceptionModels(init.models, init.urls, roles, log), remote?.ready]);
      backend = m.backend.backend;
      // A pose worker whose script fails has no port to say so: the page forwards its error event, and the pool
      // hears it at once (not after the start timeout).
      await addPoseWorkers(m, init.models, init.urls, init.posePorts ?? [], log, (p) => {
        pool = p;
        for (const f of failures) p.workerFailed(f.index, f.message);
      });
      const d = detector ?? m.detector;
      if (!d) throw new Error('no person detector configured');
      return { detector: d, pose: m.pose, body: m.body, faceDetector: m.faceDetector, face: m.face };
    },
    backend: () => backend,
    poseWorkers: () => pool?.workers ?? 0,
    pipeline: (cameraId) => ({ ...init.pipeline, cameraId }),
    prefetchDetections: remote !== null,
  });
}
scope.addEventListener('message', onInit);
