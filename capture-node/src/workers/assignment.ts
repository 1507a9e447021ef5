/**
 * Spreads cameras over at most `count` workers of `perWorker` cameras each, round-robin so the load is even.
 * Returns one camera list per worker to start (empty workers are left out) and the cameras that did not fit.
 */
export function assignCameras(cameraIds: string[], count: number, perWorker: number): { workers: string[][]; unassigned: string[] } {
  const capacity = Math.max(0, count) * Math.max(1, perWorker);
  const placed = cameraIds.slice(0, capacity);
  const n = Math.min(Math.max(0, count), placed.length);
  const workers: string[][] = Array.from({ length: n }, () => []);
  placed.forEach((id, i) => workers[i % n]!.push(id));
  return { workers, unassigned: cameraIds.slice(capacity) };
}

/**
 * Where a camera added at runtime goes, spreading as `assignCameras` does: a new worker while fewer than `count`
 * run, else the least-loaded worker with room (its index), else null (every worker is full).
 */
export function placeCamera(workers: readonly (readonly string[])[], count: number, perWorker: number): number | 'new' | null {
  if (workers.length < count) return 'new';
  let best: number | null = null;
  workers.forEach((w, i) => {
    if (w.length < Math.max(1, perWorker) && (best === null || w.length < workers[best]!.length)) best = i;
  });
  return best;
}
