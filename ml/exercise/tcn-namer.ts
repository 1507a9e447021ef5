/**
 * The exercise TCN as the engine's namer of unsure sets (`withLearnedNamer` in @gym/exercise/learned-namer.ts):
 * windows every 800 ms over the set's skeletons (at most 24, spread out, for long sets), each named by its largest logit (tcn-forward.ts, synchronous);
 * the most frequent name other than `none` wins if at least `minWindows` windows carry it. Same windows and vote
 * as TcnExerciseClassifier.nameRecording (onnxruntime), so the bench and the engine agree.
 */
import type { PoseFrame } from '@gym/shared';
import type { SetNamer } from '@gym/exercise/learned-namer.ts';
import { TcnForward } from './tcn-forward.ts';
import { STEP_MS, WINDOW_STEPS, skeletonWindow } from './windows.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MODEL_DIR = join(import.meta.dirname, 'model');
const MAX_WINDOWS = 24;

/** Windows of a recording every `strideMs` (those with enough skeletons). */
export function recordingWindows(frames: readonly PoseFrame[], strideMs = 800): Float32Array[] {
  const end = frames[frames.length - 1]?.t ?? 0;
  const out: Float32Array[] = [];
  for (let t = frames[0]?.t ?? 0; t + WINDOW_STEPS * STEP_MS <= end; t += strideMs) {
    const w = skeletonWindow(frames as PoseFrame[], t);
    if (w) out.push(w);
  }
  return out;
}

/** Majority of the windows' names other than `none`, if it has `minWindows` votes (else `none`). */
export function voteName(logits: readonly Float32Array[], classes: readonly string[], minWindows = 3): { exercise: string; share: number } {
  const votes = new Map<string, number>();
  for (const l of logits) {
    let best = 0;
    for (let i = 1; i < l.length; i++) if (l[i]! > l[best]!) best = i;
    const name = classes[best]!;
    votes.set(name, (votes.get(name) ?? 0) + 1);
  }
  let exercise = 'none', most = 0;
  for (const [name, n] of votes) if (name !== 'none' && n > most) { exercise = name; most = n; }
  if (most < minWindows) return { exercise: 'none', share: 0 };
  return { exercise, share: most / Math.max(1, logits.length) };
}

export class TcnSetNamer implements SetNamer {
  readonly id: string;
  private constructor(private readonly net: TcnForward, readonly classes: string[], version: number) {
    this.id = `exercise-tcn-v${version}`;
  }

  static load(dir = MODEL_DIR): TcnSetNamer {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version?: number; output: { classes: string[] } };
    return new TcnSetNamer(TcnForward.load(dir), m.output.classes, m.version ?? 1);
  }

  /**
   * At most MAX_WINDOWS windows, spread over the set (the engine calls this synchronously at a set's end: a long
   * set costs no more than a 22 s one, ≈ 24 × 4–16 ms here).
   */
  name(frames: readonly PoseFrame[]): string | null {
    const span = (frames[frames.length - 1]?.t ?? 0) - (frames[0]?.t ?? 0) - WINDOW_STEPS * STEP_MS;
    const stride = Math.max(800, span / (MAX_WINDOWS - 1));
    const r = voteName(recordingWindows(frames, stride).map((w) => this.net.logits(w)), this.classes);
    return r.exercise === 'none' ? null : r.exercise;
  }
}

let shared: TcnSetNamer | null = null;
/** The committed model, loaded once per process (the server and `gym analyse-video` use it). */
export function defaultTcnNamer(): TcnSetNamer {
  return (shared ??= TcnSetNamer.load());
}
