/**
 * The committed ONNX export gives PyTorch's outputs (fixture.json, written by train.py from the same weights), and
 * the classifier names generated recordings it never saw in training (seeds outside every split's range).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { generateNonExercise } from '@gym/exercise/testing/walkers.ts';
import { CHANNELS, WINDOW_STEPS } from './windows.ts';
import { CLASSES } from './classes.ts';
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

  it('knows every catalogue exercise and `none`', async () => {
    const clf = await TcnExerciseClassifier.load();
    expect(clf.classes).toEqual([...CLASSES]);
  });

  it('names unseen squat, bent-over-row and plank recordings, and calls swaying and walking across `none`', async () => {
    const clf = await TcnExerciseClassifier.load();
    const squat = generateSequence({ motion: 'squat', seed: 99_001, reps: 8, yaw: 30 });
    expect((await clf.nameRecording(squat.frames)).exercise).toBe('squat');
    const row = generateSequence({ motion: 'bent_over_row', seed: 99_003, reps: 8, yaw: -60 });
    expect((await clf.nameRecording(row.frames)).exercise).toBe('bent_over_row');
    const plank = generateSequence({ motion: 'plank', seed: 99_004, yaw: 70, holdMs: 15_000 });
    expect((await clf.nameRecording(plank.frames)).exercise).toBe('plank');
    const sway = generateSequence({ motion: 'sway', seed: 99_002, reps: 6 });
    expect((await clf.nameRecording(sway.frames)).exercise).toBe('none');
    const walk = generateNonExercise({ kind: 'walk', seed: 99_005, durationMs: 20_000 });
    expect((await clf.nameRecording(walk.frames)).exercise).toBe('none');
  });
});
