/**
 * NanoDet (GFL head) output decoder. Per stride (8, 16, 32) the model gives class scores (already sigmoid,
 * COCO-80) and a distance distribution per side: 4 sides × (regMax + 1) bins; the expected bin is the
 * distance from the cell centre to that side, in strides. Pure function over plain arrays.
 */
import type { Detection } from '../types.ts';

export interface NanodetLevel {
  stride: number;
  scores: Float32Array; // [cells, classes]
  boxes: Float32Array; // [cells, 4 * (regMax + 1)]
}

export interface DecodeOptions {
  inputSize: number;
  numClasses: number;
  regMax: number;
  minScore: number;
  /** Classes to keep (default: all). */
  classes?: readonly number[];
}

export function decodeNanodet(levels: NanodetLevel[], o: DecodeOptions): Detection[] {
  const out: Detection[] = [];
  const bins = o.regMax + 1;
  const keep = o.classes ? new Set(o.classes) : undefined;
  const dist = new Float32Array(4);
  for (const { stride, scores, boxes } of levels) {
    const gw = Math.ceil(o.inputSize / stride);
    const cells = scores.length / o.numClasses;
    for (let i = 0; i < cells; i++) {
      let best = -1;
      let bestScore = o.minScore;
      for (let c = 0; c < o.numClasses; c++) {
        if (keep && !keep.has(c)) continue;
        const s = scores[i * o.numClasses + c]!;
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      if (best < 0) continue;
      for (let side = 0; side < 4; side++) {
        const base = i * 4 * bins + side * bins;
        let max = -Infinity;
        for (let k = 0; k < bins; k++) max = Math.max(max, boxes[base + k]!);
        let sum = 0;
        let acc = 0;
        for (let k = 0; k < bins; k++) {
          const e = Math.exp(boxes[base + k]! - max);
          sum += e;
          acc += e * k;
        }
        dist[side] = (acc / sum) * stride;
      }
      const cx = ((i % gw) + 0.5) * stride;
      const cy = (Math.floor(i / gw) + 0.5) * stride;
      const x1 = cx - dist[0]!;
      const y1 = cy - dist[1]!;
      const x2 = cx + dist[2]!;
      const y2 = cy + dist[3]!;
      out.push({ box: { x: x1, y: y1, w: x2 - x1, h: y2 - y1 }, score: bestScore, classId: best });
    }
  }
  return out;
}
