/**
 * The ONNX files in models/ reproduce their TFJS originals (run by @tensorflow/tfjs-backend-cpu) on a seeded
 * input, within CONVERSION_TOLERANCE of each output's scale. Needs `make models`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../web-perception/src/models/manifest.ts';
import { TFJS_MODELS } from './sources.ts';
import { compareTfjsWithOnnx } from './verify-conversion.ts';

const MODELS = resolve(import.meta.dirname, '../../models');
const TOLERANCE = 2e-5;

describe('TFJS → ONNX conversion', () => {
  it('has a manifest with source, licence, sha256 and shapes for every model', () => {
    expect(existsSync(join(MODELS, 'manifest.json')), 'models/manifest.json missing: run `make models`').toBe(true);
    const m: ModelManifest = JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8'));
    const names = m.models.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['nanodet-m', 'blazeface', 'faceres', 'mobileface', 'pose-full']));
    for (const e of m.models) {
      expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(e.source.package && e.source.version && e.licence && e.upstream).toBeTruthy();
      expect(e.inputs.length).toBeGreaterThan(0);
    }
  });

  // faceres (14 MB) runs in the TFJS CPU backend in ~10 s; the three others in a few seconds each.
  for (const spec of TFJS_MODELS) {
    it(`${spec.name}.onnx matches the TFJS original`, async () => {
      const diffs = await compareTfjsWithOnnx(join(MODELS, 'tfjs', spec.name, 'model.json'), join(MODELS, `${spec.name}.onnx`), spec.inputRange, spec.batchDynamic ? 2 : 1);
      for (const d of diffs) {
        console.info(`[conversion] ${spec.name} ${d.name}: max |onnx - tfjs| = ${d.maxAbsDiff.toExponential(2)} (output scale ${d.maxAbsRef.toFixed(3)})`);
        expect(d.maxAbsDiff, d.name).toBeLessThanOrEqual(TOLERANCE * Math.max(1, d.maxAbsRef));
      }
    }, 120_000);
  }
});
