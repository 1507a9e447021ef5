/**
 * The TCN in the engine: the pure-TypeScript forward pass gives PyTorch's outputs (the fixture train.py wrote), and
 * as the namer of unsure sets (`withLearnedNamer`) it names a set the rules counted but could not name, leaves a
 * set the rules named confidently alone, and adds nothing for someone walking across the room.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExerciseEngine, type ExerciseEvent } from '@gym/exercise';
import { withLearnedNamer, type LearnedSetEnded } from '@gym/exercise/learned-namer.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { generateNonExercise } from '@gym/exercise/testing/walkers.ts';
import type { PoseFrame } from '@gym/shared';
import { TcnForward } from './tcn-forward.ts';
import { MODEL_DIR, TcnSetNamer } from './tcn-namer.ts';
import { CHANNELS, WINDOW_STEPS } from './windows.ts';

function run(frames: PoseFrame[], learned: boolean): LearnedSetEnded[] {
  const rules = createExerciseEngine();
  const engine = learned ? withLearnedNamer(rules, { namer: TcnSetNamer.load() }) : rules;
  const events: ExerciseEvent[] = [];
  for (const f of frames) events.push(...engine.push('p', f.t, f.kp));
  events.push(...engine.flush());
  return events.filter((e): e is LearnedSetEnded => e.type === 'set.ended');
}

describe('exercise TCN in the engine (tcn-forward.ts, tcn-namer.ts)', () => {
  it('the TypeScript forward pass reproduces PyTorch on the fixed inputs within 1e-4', () => {
    const fx = JSON.parse(readFileSync(join(MODEL_DIR, 'fixture.json'), 'utf8')) as { input: number[]; logits: number[][] };
    const net = TcnForward.load(MODEL_DIR);
    const size = CHANNELS * WINDOW_STEPS;
    fx.logits.forEach((want, i) => {
      const got = net.logits(Float32Array.from(fx.input.slice(i * size, (i + 1) * size)));
      expect(got).toHaveLength(want.length);
      want.forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThan(1e-4));
    });
  });

  it('names the sit-ups the rules counted without a name, keeping the rules’ count', () => {
    const seq = generateSequence({ motion: 'sit_up', seed: 99_010, reps: 8, yaw: 45 });
    const [rules] = run(seq.frames, false);
    expect(rules).toMatchObject({ exercise: null, reps: 8 });
    const [learned] = run(seq.frames, true);
    expect(learned).toMatchObject({ exercise: 'sit_up', reps: 8, namedBy: 'exercise-tcn-v2', rulesExercise: null });
  });

  it('leaves a confidently named squat set to the rules and names nothing for a walker', () => {
    const squat = generateSequence({ motion: 'squat', seed: 99_001, reps: 8, yaw: 30 });
    const sets = run(squat.frames, true);
    expect(sets.map((s) => [s.exercise, s.reps, s.namedBy])).toEqual([['squat', 8, undefined]]);
    const walk = generateNonExercise({ kind: 'walk_turns', seed: 99_005, durationMs: 30_000 });
    expect(run(walk.frames, true).filter((s) => s.reps > 0 || s.holdMs)).toEqual([]);
  });
});
