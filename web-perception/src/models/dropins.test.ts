/**
 * Drop-in models by config: a YOLO11-layout detector and an OSNet-layout body embedder are picked up from
 * models/ by name, checked, decoded and batched. The real weights are not available offline, so the files are
 * tiny ONNX graphs with the same input/output layout (scripts/models/make-test-dropins.py).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './node/harness.ts';
import { vtestFrames } from './node/test-footage.ts';

const CFG = { backend: 'wasm', detector: 'yolo11n', pose: 'full', body: 'osnet_x0_25', faceDetector: 'blazeface', face: 'faceres' } as const;

describe('drop-in models selected by config', () => {
  let h: Harness;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-dropins-'));
    execFileSync('/usr/bin/python3', [resolve(import.meta.dirname, '../../../scripts/models/make-test-dropins.py'), dir]);
    h = await startHarness({ modelsDir: dir });
    const info = await h.page.evaluate((c) => window.gymModels.init(c, ['detector', 'body']), CFG);
    expect(info.names).toMatchObject({ detector: 'yolo11n', body: 'osnet_x0_25' });
  });
  afterAll(async () => h?.close());

  it('decodes a YOLO11 [1, 84, 8400] output into person boxes in frame pixels', async () => {
    const { detections } = await h.page.evaluate((u) => window.gymModels.detect(u), h.fileUrl(vtestFrames([2.0])[0]!));
    // 768×576 frame letterboxed into 640×640 (scale 1.2); the car candidate is dropped (persons only).
    expect(detections).toHaveLength(1);
    expect(detections[0]!.classId).toBe(0);
    expect(detections[0]!.score).toBeCloseTo(0.9, 5);
    const b = detections[0]!.box;
    expect([b.x, b.y, b.w, b.h].map((v) => Math.round(v))).toEqual([324, 204, 120, 360]);
  });

  it('embeds a batch of person boxes with an OSNet-layout model: 512-d, L2-normalised', async () => {
    const boxes = [
      { x: 686, y: 271, w: 39, h: 107 },
      { x: 362, y: 193, w: 33, h: 82 },
      { x: 438, y: 230, w: 42, h: 87 },
    ];
    const e: number[][] = await h.page.evaluate(([u, b]) => window.gymModels.body(u, b), [h.fileUrl(vtestFrames([2.0])[0]!), boxes] as const);
    expect(e).toHaveLength(3);
    for (const v of e) {
      expect(v).toHaveLength(512);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
    expect(e[0]).not.toEqual(e[1]);
  });
});
