/**
 * Query parameters the worker page needs for perception (read by web-perception/src/worker-page/page-params.ts):
 *   fps=5                    analysis rate (gym config `analysis.fps`)
 *   detectEvery=3            detector on every n-th analysed frame (`analysis.detectEvery`, when set)
 *   newTrackScore=0.45      detector score that starts a new track (`cameras[].newTrackScore`, else
 *                           `analysis.newTrackScore`, when set; the lowest of the page's cameras)
 *   attention=3              attention by activity, walkers/idlers posed every 3rd frame (`analysis.attention`;
 *                           absent when one of the page's cameras says `attention: false`)
 *   camFps=cam-a:10,cam-b:3  per-camera overrides (`cameras[].analysisFps`) for this page's cameras
 *   models={...}             the gym config's `models` (backend and model names), JSON
 *   server=<origin>[,<origin>…] where perception frames go, in failover order (SERVER_URLS, else SERVER_URL),
 *                           serverToken=<worker token>
 *   offlineFrames=64, offlineMs=15000  the page's offline buffer (CAPTURE_OFFLINE_BUFFER_FRAMES / _MS; absent: off)
 * Without both `server` and `serverToken` the page only consumes and reports frames (transport-only).
 */
import type { CaptureConfig } from '../config.ts';

export function perceptionPageParams(cfg: Pick<CaptureConfig, 'gym' | 'serverUrls' | 'serverWorkerToken'> & Partial<Pick<CaptureConfig, 'offlineBuffer'>>, cameras: string[], extra: Record<string, string> = {}): Record<string, string> {
  const overrides = cfg.gym.cameras.filter((c) => cameras.includes(c.id) && c.analysisFps !== undefined).map((c) => `${c.id}:${c.analysisFps}`);
  const serverToken = cfg.serverWorkerToken();
  const trackScores = cfg.gym.cameras.filter((c) => cameras.includes(c.id)).map((c) => c.newTrackScore ?? cfg.gym.analysis.newTrackScore).filter((s) => s !== undefined);
  // A camera that wants every person posed on every frame (`cameras[].attention: false`) turns attention off for its page.
  const fullRate = cfg.gym.cameras.some((c) => cameras.includes(c.id) && c.attention === false);
  const newTrackScore = trackScores.length ? Math.min(...trackScores) : cfg.gym.analysis.newTrackScore;
  return {
    fps: String(cfg.gym.analysis.fps),
    ...(cfg.gym.analysis.detectEvery ? { detectEvery: String(cfg.gym.analysis.detectEvery) } : {}),
    ...(newTrackScore ? { newTrackScore: String(newTrackScore) } : {}),
    ...(cfg.gym.analysis.attention && !fullRate ? { attention: String(cfg.gym.analysis.attention.passivePoseEvery) } : {}),
    ...(overrides.length ? { camFps: overrides.join(',') } : {}),
    models: JSON.stringify(cfg.gym.models),
    ...(cfg.serverUrls.length ? { server: cfg.serverUrls.join(',') } : {}),
    ...(serverToken ? { serverToken } : {}),
    ...(cfg.offlineBuffer ? { offlineFrames: String(cfg.offlineBuffer.maxFramesPerCamera), offlineMs: String(cfg.offlineBuffer.maxAgeMs) } : {}),
    ...extra,
  };
}
