/**
 * Builds the configured models (gym config `models.*`) on one backend choice, logging the choice and any
 * per-model fallback. The perception worker calls `createPerceptionModels` once at start; every model file is
 * fetched and checked here, so a missing or wrong file fails at start with the file named.
 */
import type { GymConfig } from '@gym/shared/config/gym-config.ts';
import { chooseBackend, type BackendChoice, type RuntimeOptions } from './backend.ts';
import { AppearanceStripesEmbedder, OnnxBodyEmbedder } from './body.ts';
import { OnnxDetector } from './detector.ts';
import { BlazefaceDetector, OnnxFaceEmbedder } from './face.ts';
import { MediapipePoseEstimator } from './pose.ts';
import { PoseWorkerPool, type PoseLanePort } from './pose-pool.ts';
export { poseWorkerCount } from './pose-workers.ts';
import type { BodyEmbedder, Detector, FaceDetector, FaceEmbedder, PoseEstimator } from './types.ts';

export type ModelsConfig = GymConfig['models'];

export interface ModelUrls extends RuntimeOptions {
  /** URL prefix of the models/ folder. */
  modelsBase: string;
  /** URL prefix of @mediapipe/tasks-vision/wasm. */
  mediapipeWasmBase: string;
}

export interface PerceptionModels {
  backend: BackendChoice;
  detector?: Detector;
  pose?: PoseEstimator;
  body?: BodyEmbedder;
  faceDetector?: FaceDetector;
  face?: FaceEmbedder;
  dispose(): Promise<void>;
}

export type ModelRole = 'detector' | 'pose' | 'body' | 'face';

/** Minimal structured log sink (the page passes console or a pino-browser child). */
export type ModelLog = (msg: string, fields?: Record<string, unknown>) => void;

export async function createBodyEmbedder(name: string, backend: BackendChoice['backend'], urls: ModelUrls): Promise<BodyEmbedder> {
  if (name === 'appearance-stripes-v1') return new AppearanceStripesEmbedder();
  return OnnxBodyEmbedder.create({ baseUrl: urls.modelsBase, backend, name });
}

export async function createPerceptionModels(
  cfg: ModelsConfig,
  urls: ModelUrls,
  roles: readonly ModelRole[] = ['detector', 'pose', 'body', 'face'],
  log: ModelLog = (m, f) => console.info(`[models] ${m}`, f ?? ''),
): Promise<PerceptionModels> {
  const choice = await chooseBackend(cfg.backend, urls);
  log('backend chosen', { backend: choice.backend, reason: choice.reason });
  const m: PerceptionModels = {
    backend: choice,
    async dispose() {
      await Promise.all([m.detector, m.pose, m.body, m.faceDetector, m.face].map((x) => x?.dispose()));
    },
  };
  const note = (what: string, model: { model?: { fallback?: string; backend: string } }) => {
    if (model.model?.fallback) log('model fell back to wasm', { model: what, reason: model.model.fallback });
  };
  if (roles.includes('detector')) {
    const d = await OnnxDetector.create({ baseUrl: urls.modelsBase, name: cfg.detector, backend: choice.backend });
    note(cfg.detector, d);
    m.detector = d;
  }
  if (roles.includes('pose')) {
    m.pose = await MediapipePoseEstimator.create({
      baseUrl: urls.modelsBase,
      mediapipeWasmBase: urls.mediapipeWasmBase,
      variant: cfg.pose,
      delegate: choice.backend === 'wasm' ? 'CPU' : 'GPU',
    });
  }
  if (roles.includes('body')) m.body = await createBodyEmbedder(cfg.body, choice.backend, urls);
  if (roles.includes('face')) {
    const fd = await BlazefaceDetector.create({ baseUrl: urls.modelsBase, backend: choice.backend, name: cfg.faceDetector });
    note(cfg.faceDetector, fd);
    m.faceDetector = fd;
    const fe = await OnnxFaceEmbedder.create({ baseUrl: urls.modelsBase, backend: choice.backend, name: cfg.face });
    note(cfg.face, fe);
    m.face = fe;
  }
  return m;
}

/**
 * Puts the pose workers behind `m.pose` (pose-pool.ts): the in-page estimator keeps a share of each frame's people
 * and is the fallback. No ports, or no MediaPipe estimator: unchanged. Workers that fail to start are logged.
 */
export async function addPoseWorkers(
  m: PerceptionModels,
  cfg: ModelsConfig,
  urls: ModelUrls,
  ports: readonly PoseLanePort[],
  log: ModelLog,
  /** Called with the pool as soon as it exists, before its workers have started (to tell it of failures). */
  onStart?: (pool: PoseWorkerPool) => void,
): Promise<void> {
  if (!ports.length || !(m.pose instanceof MediapipePoseEstimator)) return;
  if (m.backend.backend !== 'wasm' && cfg.poseWorkers === 'auto') {
    log('pose workers left idle: MediaPipe runs on the GPU delegate', { backend: m.backend.backend });
    return;
  }
  const pool = PoseWorkerPool.start(m.pose, ports, {
    options: { baseUrl: urls.modelsBase, mediapipeWasmBase: urls.mediapipeWasmBase, variant: cfg.pose, delegate: m.backend.backend === 'wasm' ? 'CPU' : 'GPU' },
    log,
  });
  onStart?.(pool);
  await pool.ready;
  m.pose = pool;
}
