/**
 * How many pose workers (pose-pool.ts) the gym config's `models.poseWorkers` asks for on this machine. No model
 * imports here: the worker page's main thread decides how many workers to start before any model loads.
 */
import type { GymConfig } from '@gym/shared/config/gym-config.ts';

/**
 * The number given (absent: 0, every pose in the inference worker), or for `auto`: cores − 1 on the wasm backend,
 * one fewer when the detector has a worker of its own, at most 3; none on a GPU backend (MediaPipe's GPU
 * delegate: one context serves every pose).
 */
export function poseWorkerCount(cfg: Pick<GymConfig['models'], 'poseWorkers'>, o: { cores?: number; backend?: string; detectorWorker?: boolean } = {}): number {
  const v = cfg.poseWorkers ?? 0;
  if (v !== 'auto') return v;
  if (o.backend && o.backend !== 'wasm') return 0;
  const cores = o.cores ?? (typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1);
  return Math.max(0, Math.min(3, cores - 1 - (o.detectorWorker ? 1 : 0)));
}
