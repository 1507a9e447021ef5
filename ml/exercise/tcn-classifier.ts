/**
 * The trained exercise-recognition TCN (ml/exercise/model/) behind a small interface: skeleton frames in, the
 * exercise name per window and for a whole recording out. Runs on onnxruntime-node (the same ONNX file would run
 * in onnxruntime-web). Used by the naming bench next to the rule engine; the engine itself keeps its rules as the
 * explanation and the fallback (docs/models.md says where the network wins).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { PoseFrame } from '@gym/shared';
import { CHANNELS, STEP_MS, WINDOW_STEPS, skeletonWindow } from './windows.ts';

export const MODEL_DIR = join(import.meta.dirname, 'model');

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
    const end = frames[frames.length - 1]?.t ?? 0;
    const windows: Float32Array[] = [];
    for (let t = frames[0]?.t ?? 0; t + WINDOW_STEPS * STEP_MS <= end; t += strideMs) {
      const w = skeletonWindow(frames, t);
      if (w) windows.push(w);
    }
    const votes = new Map<string, number>();
    for (const l of await this.logits(windows)) {
      let best = 0;
      for (let i = 1; i < l.length; i++) if (l[i]! > l[best]!) best = i;
      const name = this.classes[best]!;
      votes.set(name, (votes.get(name) ?? 0) + 1);
    }
    let exercise = 'none', most = 0;
    for (const [name, n] of votes) if (name !== 'none' && n > most) { exercise = name; most = n; }
    if (most < minWindows) return { exercise: 'none', share: 0 };
    return { exercise, share: most / Math.max(1, windows.length) };
  }
}
