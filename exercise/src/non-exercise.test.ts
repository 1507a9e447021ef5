import { describe, expect, it } from 'vitest';
import { createExerciseEngine } from './engine.ts';
import { generateNonExercise, NON_EXERCISE } from './testing/walkers.ts';
import type { ExerciseEvent } from './types.ts';

/** Walking, turning, standing, talking with the hands and picking things up: no rep, no set, no form cue. */
describe('exercise engine: movement that is not exercise', () => {
  it.each(NON_EXERCISE)('%s: no reps, sets or cues over 3 × 30 s', (kind) => {
    const found: string[] = [];
    for (const seed of [101, 202, 303]) {
      const { frames } = generateNonExercise({ kind, seed, durationMs: 30_000 });
      const engine = createExerciseEngine();
      const events: ExerciseEvent[] = [];
      for (const f of frames) events.push(...engine.push('p', f.t, f.kp));
      events.push(...engine.flush('p'));
      for (const e of events) if (e.type === 'rep' || e.type === 'set.started' || e.type === 'form') found.push(`seed ${seed}: ${e.type} ${e.exercise ?? 'unknown'}`);
    }
    expect(found).toEqual([]);
  });
});
