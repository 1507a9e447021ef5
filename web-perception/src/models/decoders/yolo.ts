/**
 * Ultralytics YOLO (v8 / YOLO11) ONNX output decoder. Handles the layouts `yolo export format=onnx` produces:
 *   [1, 4 + C, N]  (default: rows = cx, cy, w, h, then C class scores; N = 8400 at 640×640)
 *   [1, N, 4 + C]  (transposed)
 *   [1, N, 6]      (end-to-end / NMS-in-graph exports: x1, y1, x2, y2, score, class)
 * Coordinates are pixels of the model input. Pure function over plain arrays.
 */
import type { Detection } from '../types.ts';

export interface YoloDecodeOptions {
  minScore: number;
  classes?: readonly number[];
  /** Number of classes; default 80 (COCO). */
  numClasses?: number;
}

export function yoloLayout(dims: readonly number[], numClasses = 80): 'channels-first' | 'channels-last' | 'end2end' {
  if (dims.length !== 3) throw new Error(`YOLO output must be 3-D, got [${dims.join(', ')}]`);
  if (dims[2] === 6 && dims[1] !== 4 + numClasses) return 'end2end';
  if (dims[1] === 4 + numClasses) return 'channels-first';
  if (dims[2] === 4 + numClasses) return 'channels-last';
  throw new Error(`YOLO output [${dims.join(', ')}] is neither [1, ${4 + numClasses}, N], [1, N, ${4 + numClasses}] nor [1, N, 6]`);
}

export function decodeYolo(data: Float32Array, dims: readonly number[], o: YoloDecodeOptions): Detection[] {
  const nc = o.numClasses ?? 80;
  const layout = yoloLayout(dims, nc);
  const keep = o.classes ? new Set(o.classes) : undefined;
  const out: Detection[] = [];
  if (layout === 'end2end') {
    const n = dims[1]!;
    for (let i = 0; i < n; i++) {
      const r = i * 6;
      const score = data[r + 4]!;
      const cls = Math.round(data[r + 5]!);
      if (score < o.minScore || (keep && !keep.has(cls))) continue;
      out.push({ box: { x: data[r]!, y: data[r + 1]!, w: data[r + 2]! - data[r]!, h: data[r + 3]! - data[r + 1]! }, score, classId: cls });
    }
    return out;
  }
  const n = layout === 'channels-first' ? dims[2]! : dims[1]!;
  const at = layout === 'channels-first' ? (i: number, k: number) => data[k * n + i]! : (i: number, k: number) => data[i * (4 + nc) + k]!;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestScore = o.minScore;
    for (let c = 0; c < nc; c++) {
      if (keep && !keep.has(c)) continue;
      const s = at(i, 4 + c);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    if (best < 0) continue;
    const cx = at(i, 0);
    const cy = at(i, 1);
    const w = at(i, 2);
    const h = at(i, 3);
    out.push({ box: { x: cx - w / 2, y: cy - h / 2, w, h }, score: bestScore, classId: best });
  }
  return out;
}
