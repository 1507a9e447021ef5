/** Greedy non-maximum suppression over scored boxes (pure, no I/O). */
import type { Box, Detection } from '../types.ts';

export function boxIou(a: Box, b: Box): number {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

/** Keeps the best box of every overlapping group (IoU > iouThreshold), per class; best first. */
export function nms(dets: Detection[], iouThreshold: number, maxDetections = Infinity): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= maxDetections) break;
    if (kept.every((k) => k.classId !== d.classId || boxIou(k.box, d.box) <= iouThreshold)) kept.push(d);
  }
  return kept;
}
