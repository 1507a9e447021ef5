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
