/**
 * The worker page's query string (written by capture-node/src/workers/supervisor.ts and page-params.ts):
 *   worker, cameras=cam-a,cam-b, signaling=<capture-node origin>, token=<signaling token>
 *   fps=5, camFps=cam-b:8 (per-camera overrides), detectEvery=3 (detector on every n-th analysed frame), models={...} (gym config `models`, JSON),
 *   server=<server origin>[,<another server origin>…] (several: failover in that order), serverToken=<worker token>,
 *   roles=detector,pose,body,face (optional)
 *   newTrackScore=0.45 (detector score that starts a new track; the tracker's default 0.6 when absent)
 *   attention=3 (attention by activity: walkers and idlers posed on every 3rd frame; off when absent)
 *   detectorWorker=0|1 (person detector in a worker of its own; default: when the machine has ≥ 4 cores)
 *   offlineFrames=64, offlineMs=15000 (frames kept per camera while no server is connected, and for how long at most;
 *   the sender's offline buffer, off when absent or 0)
 *   stamp=1 (latency bench), view=1 (large videos)
 * Perception runs only when both `server` and `serverToken` are present. The supervisor passes `token` and
 * `serverToken` as `window.gymWorkerSecrets` (an init script), not in the URL; the query string still works for
 * a page opened by hand (benches).
 */
import type { ModelRole, ModelsConfig } from '../models/index.ts';

/** The defaults of the gym config's `models` (shared/src/config/gym-config.ts is Node-only). */
export const DEFAULT_MODELS: ModelsConfig = { backend: 'auto', detector: 'nanodet-m', pose: 'full', body: 'appearance-stripes-v1', faceDetector: 'blazeface', face: 'faceres' };
/**
 * Detector on every 2nd analysed frame when the gym config does not say (`analysis.detectEvery`): pose following in
 * between halves the detector's cost with the same ids on vtest (bench/perception.bench.ts, BENCH_ONLY=quality).
 */
export const DEFAULT_DETECT_EVERY = 2;
const ROLES: ModelRole[] = ['detector', 'pose', 'body', 'face'];

export interface PerceptionParams {
  /** The servers frames go to, in failover order (`server=a,b`: several servers on one gym, docs/scaling.md). */
  serverUrls: string[];
  serverToken: string;
  /** Analysis rate of the cameras without an override. */
  fps: number;
  /** Per-camera analysis rates (override or `fps`). */
  cameraFps: Record<string, number>;
  models: ModelsConfig;
  roles: ModelRole[];
  /** Detector on every n-th analysed frame of a camera, pose tracking in between (DEFAULT_DETECT_EVERY when absent). */
  detectEvery?: number;
  /** Detector score an unmatched box needs to start a track (the tracker's default when absent). */
  newTrackScore?: number;
  /** Attention by activity: walkers and idlers get a pose on every n-th frame (off when absent). */
  attention?: { passiveEvery: number };
  /** Person detector in a second Web Worker, beside the poses (page-perception.ts decides when absent). */
  detectorWorker?: boolean;
  /** The sender's offline buffer (frames kept while no server is connected); off when absent. */
  offlineBuffer?: { maxFramesPerCamera: number; maxAgeMs: number };
}

export interface PageParams {
  workerId: string;
  cameraIds: string[];
  signalingUrl: string;
  token: string;
  view: boolean;
  stamp: boolean;
  /** Null: transport-only (no server configured). */
  perception: PerceptionParams | null;
}

function rate(v: string | null | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 && n <= 30 ? n : fallback;
}

export interface PageSecrets {
  token?: string;
  serverToken?: string;
}

/** `offlineFrames` (1…10000) and `offlineMs` (1…600000, default 15000): both whole numbers, else no buffer. */
function offlineBuffer(q: URLSearchParams): { offlineBuffer?: { maxFramesPerCamera: number; maxAgeMs: number } } {
  const frames = Number(q.get('offlineFrames'));
  const ms = q.has('offlineMs') ? Number(q.get('offlineMs')) : 15_000;
  if (!Number.isInteger(frames) || frames < 1 || frames > 10_000 || !Number.isInteger(ms) || ms < 1 || ms > 600_000) return {};
  return { offlineBuffer: { maxFramesPerCamera: frames, maxAgeMs: ms } };
}

export function parsePageParams(search: string, origin: string, secrets: PageSecrets = {}): PageParams {
  const q = new URLSearchParams(search);
  const cameraIds = (q.get('cameras') ?? '').split(',').filter(Boolean);
  const fps = rate(q.get('fps'), 5);
  const overrides = new Map((q.get('camFps') ?? '').split(',').filter(Boolean).map((s) => s.split(':', 2) as [string, string]));
  let models = DEFAULT_MODELS;
  try {
    models = { ...DEFAULT_MODELS, ...(JSON.parse(q.get('models') ?? '{}') as Partial<ModelsConfig>) };
  } catch {
    /* keep the defaults: the supervisor always sends valid JSON */
  }
  const roles = (q.get('roles') ?? '').split(',').filter((r): r is ModelRole => (ROLES as string[]).includes(r));
  const serverUrls = (q.get('server') ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  const serverToken = secrets.serverToken ?? q.get('serverToken');
  return {
    workerId: q.get('worker') ?? 'worker-page',
    cameraIds,
    signalingUrl: q.get('signaling') ?? origin,
    token: secrets.token ?? q.get('token') ?? '',
    view: q.get('view') === '1',
    stamp: q.get('stamp') === '1',
    perception:
      serverUrls.length && serverToken
        ? {
            serverUrls,
            serverToken,
            fps,
            cameraFps: Object.fromEntries(cameraIds.map((id) => [id, rate(overrides.get(id), fps)])),
            models,
            roles: roles.length ? roles : ROLES,
            ...(Number.isInteger(Number(q.get('detectEvery'))) && Number(q.get('detectEvery')) >= 1 ? { detectEvery: Number(q.get('detectEvery')) } : {}),
            ...(Number(q.get('newTrackScore')) >= 0.2 && Number(q.get('newTrackScore')) <= 0.95 ? { newTrackScore: Number(q.get('newTrackScore')) } : {}),
            ...(Number.isInteger(Number(q.get('attention'))) && Number(q.get('attention')) >= 1 && Number(q.get('attention')) <= 30
              ? { attention: { passiveEvery: Number(q.get('attention')) } }
              : {}),
            ...(q.get('detectorWorker') === '1' || q.get('detectorWorker') === '0' ? { detectorWorker: q.get('detectorWorker') === '1' } : {}),
            ...offlineBuffer(q),
          }
        : null,
  };
}
