/**
 * Query parameters the worker page needs for perception (read by web-perception/src/worker-page/page-params.ts):
 *   fps=5                    analysis rate (gym config `analysis.fps`)
 *   detectEvery=3            detector on every n-th analysed frame (`analysis.detectEvery`, when set)
 *   attention=3              attention by activity, walkers/idlers posed every 3rd frame (`analysis.attention`)
 *   camFps=cam-a:10,cam-b:3  per-camera overrides (`cameras[].analysisFps`) for this page's cameras
 *   models={...}             the gym config's `models` (backend and model names), JSON
 *   server=<origin>          where perception frames go (SERVER_URL), serverToken=<worker token>
 * Without both `server` and `serverToken` the page only consumes and reports frames (transport-only).
 */
import type { CaptureConfig } from '../config.ts';

export function perceptionPageParams(cfg: Pick<CaptureConfig, 'gym' | 'serverUrl' | 'serverWorkerToken'>, cameras: string[], extra: Record<string, string> = {}): Record<string, string> {
  const overrides = cfg.gym.cameras.filter((c) => cameras.includes(c.id) && c.analysisFps !== undefined).map((c) => `${c.id}:${c.analysisFps}`);
  const serverToken = cfg.serverWorkerToken();
  return {
    fps: String(cfg.gym.analysis.fps),
    ...(cfg.gym.analysis.detectEvery ? { detectEvery: String(cfg.gym.analysis.detectEvery) } : {}),
    ...(cfg.gym.analysis.attention ? { attention: String(cfg.gym.analysis.attention.passivePoseEvery) } : {}),
    ...(overrides.length ? { camFps: overrides.join(',') } : {}),
    models: JSON.stringify(cfg.gym.models),
    ...(cfg.serverUrl ? { server: cfg.serverUrl } : {}),
    ...(serverToken ? { serverToken } : {}),
    ...extra,
  };
}
