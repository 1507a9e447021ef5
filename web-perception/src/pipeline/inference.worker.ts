/**
 * The inference Web Worker of the worker page: loads the configured models (../models) once and serves frames
 * through `serveInference`. The page starts it with
 *
 *   new Worker(new URL('./pipeline/inference.worker.ts', import.meta.url))   // classic (vite: worker.format 'iife')
 *
 * It must be a classic worker: MediaPipe tasks-vision loads its wasm glue with importScripts, and in a module
 * worker it fails with "ModuleFactory not set".
 * and sends one `{ type: 'init', models, urls, roles, pipeline }` message before any frame (startPerception does).
 */
import { createPerceptionModels, type ModelRole, type ModelsConfig, type ModelUrls } from '../models/index.ts';
import type { Face, ImageInput } from '../models/types.ts';
import type { CameraPipelineOptions } from './camera-pipeline.ts';
import { serveInference } from './inference-host.ts';
import type { PortLike } from './inference-protocol.ts';
import type { PipelineModels } from './model-ports.ts';

export interface InferenceInit {
  type: 'init';
  models: ModelsConfig;
  urls: ModelUrls;
  roles?: ModelRole[];
  /** Per-camera pipeline options (tracker, gate, maxPoses), without the camera id. */
  pipeline?: Omit<CameraPipelineOptions, 'cameraId'>;
}

const scope = self as unknown as PortLike;

function onInit(ev: MessageEvent): void {
  const init = ev.data as InferenceInit;
  if (init?.type !== 'init') return;
  scope.removeEventListener('message', onInit);
  let backend = 'none';
  serveInference<ImageInput, Face>(scope, {
    async createModels(): Promise<PipelineModels<ImageInput, Face>> {
      const m = await createPerceptionModels(init.models, init.urls, init.roles ?? ['detector', 'pose', 'body', 'face'], (msg, f) =>
        console.info(`[models] ${msg}`, JSON.stringify(f ?? {})),
      );
      backend = m.backend.backend;
      if (!m.detector) throw new Error('no person detector configured');
      return { detector: m.detector, pose: m.pose, body: m.body, faceDetector: m.faceDetector, face: m.face };
    },
    backend: () => backend,
    pipeline: (cameraId) => ({ ...init.pipeline, cameraId }),
  });
}
scope.addEventListener('message', onInit);
