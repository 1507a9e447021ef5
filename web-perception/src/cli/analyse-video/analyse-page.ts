/**
 * The page `npx gym analyse-video` drives in headless Chromium: the worker's models (../models) and the same
 * per-camera pipeline (../pipeline) over frames that Node decodes with ffmpeg and serves as raw RGBA. Driven from
 * Node through `window.gymAnalyse` (see analyse-harness.ts).
 */
import { addPoseWorkers, createPerceptionModels, poseWorkerCount, PoseWorkerPool, type ModelRole, type ModelsConfig, type PerceptionModels } from '../../models/index.ts';
import { CameraPipeline, type CameraPipelineOptions } from '../../pipeline/camera-pipeline.ts';
import type { PipelineModels } from '../../pipeline/model-ports.ts';
import type { ByteTrackerOptions } from '../../tracking/byte-tracker.ts';
import type { AttentionOptions } from '../../pipeline/attention.ts';
import type { Face, ImageInput } from '../../models/types.ts';

/** Pipeline options a bench may set per camera besides the positional ones (plain data: crosses page.evaluate). */
export type PipelineTuning = Partial<Pick<CameraPipelineOptions, 'gate' | 'poseRegion' | 'maxPoses'>>;

const urls = { modelsBase: '/models', ortWasmBase: '/ort/', mediapipeWasmBase: '/mediapipe/wasm' };
const logs: string[] = [];
let models: PerceptionModels | undefined;
const pipelines = new Map<string, CameraPipeline<ImageInput, Face>>();

export interface PageTrack {
  trackId: number;
  box: { x: number; y: number; w: number; h: number };
  score: number;
  /** 132 numbers (x, y, z, visibility per landmark, x/y normalised to the frame) or null. */
  skeleton: number[] | null;
  /** With attention: activity class and pose rate; `coasted` when carried on the prediction this frame. */
  attention?: { activity: string; poseFps: number };
  coasted?: boolean;
}

async function fetchImage(url: string, width: number, height: number): Promise<ImageData> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`frame fetch failed: HTTP ${res.status}`);
  return new ImageData(new Uint8ClampedArray(await res.arrayBuffer()), width, height);
}

const api = {
  logs,
  /** Per pose worker: requests served, mean worker ms, why it was dropped (null while serving). */
  poseWorkerStats: () => (models?.pose instanceof PoseWorkerPool ? models.pose.stats() : []),
  async init(cfg: ModelsConfig, roles: ModelRole[]) {
    const log = (m: string, f?: Record<string, unknown>) => logs.push(`${m} ${JSON.stringify(f ?? {})}`);
    models = await createPerceptionModels(cfg, urls, roles, log);
    // The pose pool (models.poseWorkers): classic workers served by the harness at /pose-worker.js.
    if (models.pose) {
      const ports = [];
      for (let i = 0; i < poseWorkerCount(cfg, { backend: models.backend.backend }); i++) {
        try {
          ports.push(new Worker('/pose-worker.js'));
        } catch (e) {
          log('pose worker could not be created: poses in the page', { reason: (e as Error).message });
          break;
        }
      }
      await addPoseWorkers(models, cfg, urls, ports, log);
    }
    return {
      poseWorkers: models.pose instanceof PoseWorkerPool ? models.pose.workers : 0,
      backend: models.backend.backend,
      threads: models.backend.threads,
      models: Object.fromEntries(
        (['detector', 'pose', 'body', 'faceDetector', 'face'] as const).flatMap((k) => (models![k] ? [[k, models![k]!.name]] : [])),
      ) as Record<string, string>,
    };
  },
  /** Starts a new video (or simulated camera): a fresh tracker (ids from 1). */
  begin(tracker: Partial<ByteTrackerOptions>, maxPoses: number, cameraId = 'file', detectEvery = 1, fullFramePose = false, attention: Partial<AttentionOptions> | boolean = false, tuning: PipelineTuning = {}) {
    if (!models?.detector) throw new Error('models not initialised');
    const m: PipelineModels<ImageInput, Face> = { detector: models.detector, pose: models.pose, body: models.body, faceDetector: models.faceDetector, face: models.face };
    pipelines.set(cameraId, new CameraPipeline(m, { cameraId, tracker, maxPoses, detectEvery, fullFramePose, attention, ...tuning }));
  },
  /** Raw person detections of one frame (benches compare trackers on them). */
  async detect(url: string, width: number, height: number, minScore = 0.1) {
    if (!models?.detector) throw new Error('models not initialised');
    const image = await fetchImage(url, width, height);
    return (await models.detector.detect(image, { minScore })).filter((d) => d.classId === 0);
  },
  async frame(url: string, t: number, width: number, height: number, cameraId = 'file'): Promise<{ tracks: PageTrack[]; stageMs: Record<string, number> }> {
    const pipeline = pipelines.get(cameraId);
    if (!pipeline) throw new Error('begin() was not called');
    const image = await fetchImage(url, width, height);
    const r = await pipeline.process({ image, ts: t, width, height });
    return {
      tracks: r.tracks.map((tr) => ({
        trackId: tr.trackId,
        box: tr.box,
        score: tr.score,
        skeleton: tr.skeleton ? tr.skeleton.flatMap((p) => [p[0], p[1], p[2], p[3]]) : null,
        ...(tr.attention ? { attention: tr.attention } : {}),
        ...(tr.coasted ? { coasted: true } : {}),
      })),
      stageMs: r.stageMs,
    };
  },
};

(window as unknown as { gymAnalyse: typeof api }).gymAnalyse = api;
export type AnalysePageApi = typeof api;
