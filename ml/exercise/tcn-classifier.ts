/**
 * The trained exercise-recognition TCN (ml/exercise/model/) behind a small interface: skeleton frames in, the
 * exercise name per window and for a whole recording out. Runs on onnxruntime-node (the same ONNX file would run
 * in onnxruntime-web). The reference runtime for the test and the naming bench; the engine runs the same weights through
 * tcn-forward.ts (synchronous) as the namer of the sets its rules are unsure of (tcn-namer.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { PoseFrame } from '@gym/shared';
import { CHANNELS, WINDOW_STEPS } from './windows.ts';
import { recordingWindows, voteName } from './tcn-namer.ts';

export { MODEL_DIR } from './tcn-namer.ts';
import { MODEL_DIR } from './tcn-namer.ts';

export interface TcnManifest {
  file: string;
  output: { classes: string[] };
}

export class TcnExerciseClassifier {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly classes: string[],
  ) {}

  static async load(dir = MODEL_DIR): Promise<TcnExerciseClassifier> {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as TcnManifest;
    const session = await ort.InferenceSession.create(join(dir, manifest.file), { intraOpNumThreads: 1 });
    return new TcnExerciseClassifier(session, manifest.output.classes);
  }

  /** Logits for a batch of windows (each CHANNELS × WINDOW_STEPS). */
  async logits(windows: Float32Array[]): Promise<Float32Array[]> {
    if (!windows.length) return [];
    const data = new Float32Array(windows.length * CHANNELS * WINDOW_STEPS);
    windows.forEach((w, i) => data.set(w, i * w.length));
    const out = await this.session.run({ windows: new ort.Tensor('float32', data, [windows.length, CHANNELS, WINDOW_STEPS]) });
    const flat = out['logits']!.data as Float32Array;
    const k = this.classes.length;
    return windows.map((_, i) => flat.slice(i * k, (i + 1) * k));
  }

  /**
   * The exercise of a recording: windows every `strideMs`, each named by its largest logit; the most frequent name
   * other than `none` wins if at least `minWindows` windows carry it (else `none`).
   */
  async nameRecording(frames: PoseFrame[], strideMs = 800, minWindows = 3): Promise<{ exercise: string; share: number }> {
    return voteName(await this.logits(recordingWindows(frames, strideMs)), this.classes, minWindows);
  }
}
