/** Axis-aligned boxes for the tracker: x, y of the top-left corner, width, height, in any one unit (pixels here). */
export interface BoxXYWH {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function area(b: BoxXYWH): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

/** Intersection over union of two boxes (0 when either is empty). */
export function iou(a: BoxXYWH, b: BoxXYWH): number {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Row-major IoU matrix: result[i][j] = iou(as[i], bs[j]). */
export function iouMatrix(as: readonly BoxXYWH[], bs: readonly BoxXYWH[]): number[][] {
  return as.map((a) => bs.map((b) => iou(a, b)));
}

/** Box → Kalman measurement (centre x, centre y, aspect w/h, height), as in ByteTrack/DeepSORT. */
export function toMeasurement(b: BoxXYWH): [number, number, number, number] {
  return [b.x + b.w / 2, b.y + b.h / 2, b.w / Math.max(b.h, 1e-6), b.h];
}

export function fromMeasurement(cx: number, cy: number, a: number, h: number): BoxXYWH {
  const w = a * h;
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}
