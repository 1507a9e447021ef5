import { describe, expect, it } from 'vitest';
import { decodeBlazeface } from './blazeface.ts';
import { decodeNanodet } from './nanodet.ts';
import { nms } from './nms.ts';
import { decodeYolo, yoloLayout } from './yolo.ts';

describe('nms', () => {
  it('keeps the best of overlapping boxes per class and keeps other classes', () => {
    const d = [
      { box: { x: 0, y: 0, w: 10, h: 20 }, score: 0.6, classId: 0 },
      { box: { x: 1, y: 1, w: 10, h: 20 }, score: 0.9, classId: 0 },
      { box: { x: 1, y: 1, w: 10, h: 20 }, score: 0.5, classId: 7 },
      { box: { x: 50, y: 0, w: 10, h: 20 }, score: 0.4, classId: 0 },
    ];
    expect(nms(d, 0.5).map((x) => x.score)).toEqual([0.9, 0.5, 0.4]);
  });
});

describe('YOLO11 decoder', () => {
  // Two candidates (N = 2), 80 classes, layout [1, 84, N]: person at (100, 200) 40×80, and a low-score one.
  const n = 2;
  const cf = new Float32Array(84 * n);
  const set = (row: number, i: number, v: number) => (cf[row * n + i] = v);
  set(0, 0, 100); set(1, 0, 200); set(2, 0, 40); set(3, 0, 80); set(4, 0, 0.9);
  set(0, 1, 10); set(1, 1, 10); set(2, 1, 5); set(3, 1, 5); set(4 + 2, 1, 0.1);

  it('reads the default [1, 84, N] layout', () => {
    expect(yoloLayout([1, 84, 8400])).toBe('channels-first');
    const d = decodeYolo(cf, [1, 84, n], { minScore: 0.25 });
    expect(d).toHaveLength(1);
    expect(d[0]!.box).toEqual({ x: 80, y: 160, w: 40, h: 80 });
    expect(d[0]!.classId).toBe(0);
  });

  it('reads the transposed [1, N, 84] layout to the same boxes', () => {
    const cl = new Float32Array(84 * n);
    for (let i = 0; i < n; i++) for (let k = 0; k < 84; k++) cl[i * 84 + k] = cf[k * n + i]!;
    expect(decodeYolo(cl, [1, n, 84], { minScore: 0.25 })).toEqual(decodeYolo(cf, [1, 84, n], { minScore: 0.25 }));
  });

  it('reads end-to-end [1, N, 6] exports and rejects unknown layouts', () => {
    const e2e = new Float32Array([10, 20, 50, 120, 0.8, 0, 0, 0, 1, 1, 0.9, 3]);
    const d = decodeYolo(e2e, [1, 2, 6], { minScore: 0.25, classes: [0] });
    expect(d).toEqual([{ box: { x: 10, y: 20, w: 40, h: 100 }, score: expect.closeTo(0.8, 6), classId: 0 }]);
    expect(() => yoloLayout([1, 85, 100])).toThrow(/neither/);
  });
});

describe('NanoDet decoder', () => {
  it('turns a peaked distance distribution into a box around the cell centre', () => {
    // One level, stride 32, input 64 → 2×2 cells; cell 3 (col 1, row 1, centre 48,48) fires for class 0.
    const scores = new Float32Array(4 * 80);
    scores[3 * 80] = 0.8;
    const boxes = new Float32Array(4 * 44).fill(-20);
    const peak = [1, 2, 1, 0]; // left, top, right, bottom distances in strides
    peak.forEach((k, side) => (boxes[3 * 44 + side * 11 + k] = 20));
    const d = decodeNanodet([{ stride: 32, scores, boxes }], { inputSize: 64, numClasses: 80, regMax: 10, minScore: 0.3 });
    expect(d).toHaveLength(1);
    expect(d[0]!.box.x).toBeCloseTo(16, 3);
    expect(d[0]!.box.y).toBeCloseTo(-16, 3);
    expect(d[0]!.box.w).toBeCloseTo(64, 3);
    expect(d[0]!.box.h).toBeCloseTo(64, 3);
  });
});

describe('BlazeFace decoder', () => {
  it('places boxes and keypoints relative to their anchor centre', () => {
    const scores = new Float32Array(512).fill(-10);
    const reg = new Float32Array(512 * 16);
    const a = 2 * 17 + 1; // cell 17 (col 1, row 1 → centre 24, 24), second anchor
    scores[a] = 5;
    reg.set([2, -2, 20, 30, 1, 1, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0], a * 16);
    const [f] = decodeBlazeface([{ stride: 16, anchorsPerCell: 2, scores, regressors: reg }], 256, 0.5);
    expect(f!.box).toEqual({ x: 16, y: 7, w: 20, h: 30 });
    expect(f!.keypoints[0]).toEqual([25, 25]);
    expect(f!.score).toBeCloseTo(1 / (1 + Math.exp(-5)), 6);
  });
});
