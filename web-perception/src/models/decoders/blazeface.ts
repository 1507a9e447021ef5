/**
 * BlazeFace (MediaPipe back-camera model, 256×256) decoder. Anchors: stride 16 with 2 anchors per cell and
 * stride 32 with 6, centred in their cells; each anchor regresses [dx, dy, w, h, 6 × (kx, ky)] in input pixels
 * relative to its centre, and a score logit. Pure function over plain arrays.
 */
import type { Face } from '../types.ts';

export interface BlazefaceLevel {
  stride: number;
  anchorsPerCell: number;
  scores: Float32Array; // [anchors]
  regressors: Float32Array; // [anchors, 16]
}

export function decodeBlazeface(levels: BlazefaceLevel[], inputSize: number, minScore: number): Face[] {
  const faces: Face[] = [];
  const minLogit = Math.log(minScore / (1 - minScore));
  for (const { stride, anchorsPerCell, scores, regressors } of levels) {
    const gw = inputSize / stride;
    for (let a = 0; a < scores.length; a++) {
      const logit = scores[a]!;
      if (logit < minLogit) continue;
      const cell = Math.floor(a / anchorsPerCell);
      const ax = ((cell % gw) + 0.5) * stride;
      const ay = (Math.floor(cell / gw) + 0.5) * stride;
      const r = a * 16;
      const cx = ax + regressors[r]!;
      const cy = ay + regressors[r + 1]!;
      const w = regressors[r + 2]!;
      const h = regressors[r + 3]!;
      const keypoints: [number, number][] = [];
      for (let k = 0; k < 6; k++) keypoints.push([ax + regressors[r + 4 + k * 2]!, ay + regressors[r + 5 + k * 2]!]);
      faces.push({ box: { x: cx - w / 2, y: cy - h / 2, w, h }, score: 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, logit)))), keypoints });
    }
  }
  return faces;
}
