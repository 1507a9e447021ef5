/**
 * Pure: what the console shows about a camera's analysis, from the workers' latest reports (`/api/workers/stats`):
 * which worker analyses it, on which backend, at what rate and delay, with how many drops and restarts — and
 * "starting…" until the worker has analysed a first frame (models still loading report 0 fps, which is not a rate).
 */
import type { WorkerStatsEntry } from '@gym/shared';

export interface CameraAnalysis {
  workerId: string;
  backend: string;
  /** null while starting (no frame analysed yet). */
  fps: number | null;
  /** Report time minus the capture time of the last analysed frame, ms; null when unknown. */
  latencyMs: number | null;
  dropped: number;
  decoded: number;
  restarts: number;
  stale: boolean;
  state: 'starting' | 'analysing' | 'stalled' | 'down';
}

export function cameraAnalysis(entries: readonly WorkerStatsEntry[] | undefined, cameraId: string): CameraAnalysis | null {
  for (const e of entries ?? []) {
    const c = e.stats.cameras.find((x) => x.cameraId === cameraId);
    if (!c) continue;
    const analysed = c.analysedFps > 0 || Object.keys(c.stageMs).length > 0;
    const state = e.stale ? 'down' : c.analysedFps > 0 ? 'analysing' : analysed ? 'stalled' : 'starting';
    return {
      workerId: e.stats.workerId,
      backend: e.stats.backend,
      fps: analysed ? c.analysedFps : null,
      latencyMs: analysed && c.lastFrameTs ? Math.max(0, e.stats.at - c.lastFrameTs) : null,
      dropped: c.droppedFrames,
      decoded: c.decodedFrames,
      restarts: Math.max(0, e.connects - 1),
      stale: e.stale,
      state,
    };
  }
  return null;
}

/** The short text of a camera tile's head. */
export function fpsLabel(a: CameraAnalysis | null): string {
  if (!a) return 'no worker yet';
  if (a.state === 'down') return 'worker down';
  if (a.state === 'starting' || a.fps === null) return 'starting…';
  return `${a.fps.toFixed(1)} fps`;
}
