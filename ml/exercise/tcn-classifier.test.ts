/**
 * The committed ONNX export gives PyTorch's outputs (fixture.json, written by train.py from the same weights), and
 * the classifier names a generated recording it never saw in training (seed outside every split's range).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { CHANNELS, WINDOW_STEPS } from './windows.ts';
import { MODEL_DIR, TcnExerciseClassifier } from './tcn-classifier.ts';

describe('exercise TCN (ml/exercise/model)', () => {
  it('onnxruntime reproduces PyTorch on the fixed inputs within 1e-4', async () => {
    const fx = JSON.parse(readFileSync(join(MODEL_DIR, 'fixture.json'), 'utf8')) as { input_shape: number[]; input: number[]; logits: number[][] };
    expect(fx.input_shape.slice(1)).toEqual([CHANNELS, WINDOW_STEPS]);
    const clf = await TcnExerciseClassifier.load();
    const size = CHANNELS * WINDOW_STEPS;
    const windows = fx.logits.map((_, i) => Float32Array.from(fx.input.slice(i * size, (i + 1) * size)));
    const got = await clf.logits(windows);
    expect(got).toHaveLength(fx.logits.length);
    for (let i = 0; i < got.length; i++) for (let k = 0; k < got[i]!.length; k++) expect(Math.abs(got[i]![k]! - fx.logits[i]![k]!)).toBeLessThan(1e-4);
  });

  it('names an unseen squat set and calls standing still `none`', async () => {
    const clf = await TcnExerciseClassifier.load();
    const squat = generateSequence({ motion: 'squat', seed: 99_001, reps: 8, yaw: 30 });
    expect((await clf.nameRecording(squat.frames)).exercise).toBe('squat');
    const sway = generateSequence({ motion: 'sway', seed: 99_002, reps: 6 });
    expect((await clf.nameRecording(sway.frames)).exercise).toBe('none');
  });
});
