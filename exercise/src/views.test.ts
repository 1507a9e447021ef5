import { describe, expect, it } from 'vitest';
import { createExerciseEngine } from './engine.ts';
import { summarise } from './summary.ts';
import { generateSequence } from './testing/generator.ts';
import type { ExerciseEvent } from './types.ts';

/**
 * Hinges and lunges filmed from straight in front: the movement is in depth, so the hip angle, the torso's tilt and
 * the back knee barely move in the image. The catalogue's alternative signals (the shoulders dropping towards the
 * hips, the hips sinking) count them, and recognition reads them too (before: a front deadlift was named a
 * jumping jack, a front lunge an unknown movement).
 */
describe('exercise engine: movements in depth (head-on views)', () => {
  it.each(['deadlift', 'kettlebell_swing', 'lunge'] as const)('%s from the front: counted within ±1 and named', (motion) => {
    const got: string[] = [];
    for (const seed of [1, 2, 3]) {
      const seq = generateSequence({ motion, seed, yaw: 0, reps: 8 });
      const engine = createExerciseEngine();
      const events: ExerciseEvent[] = [];
      for (const f of seq.frames) events.push(...engine.push('p', f.t, f.kp));
      events.push(...engine.flush('p'));
      const s = summarise(events);
      got.push(`${Math.abs(s.reps - 8) <= 1 ? 'ok' : s.reps} ${s.exercise}`);
    }
    expect(got).toEqual([`ok ${motion}`, `ok ${motion}`, `ok ${motion}`]);
  });

  it('a sit-up seen from the feet is counted and not named a lunge (it looks upright and on its feet, knees bent)', () => {
    const got: string[] = [];
    for (const [seed, yaw] of [[1, 0], [2, 0], [5, 5]] as const) {
      const seq = generateSequence({ motion: 'sit_up', seed, yaw, reps: 6 });
      const engine = createExerciseEngine();
      const events: ExerciseEvent[] = [];
      for (const f of seq.frames) events.push(...engine.push('p', f.t, f.kp));
      events.push(...engine.flush('p'));
      const s = summarise(events);
      got.push(`${Math.abs(s.reps - 6) <= 1 ? 'ok' : s.reps} ${s.exercise === 'lunge' ? 'lunge' : 'not a lunge'}`);
    }
    expect(got).toEqual(['ok not a lunge', 'ok not a lunge', 'ok not a lunge']);
  });

  it('a bent-over row rendered head-on (MediaPipe on the rendered clip) is counted and not named a squat', async () => {
    // Seen from the front the held hinge's hips seem to sink against the foreshortened torso, as a squat's do; the
    // hips do not drop in the frame and the hands rise to the chest.
    const { loadPosesFile } = await import('@gym/shared/poses/gym-poses-file.ts');
    const { frames } = await loadPosesFile(new URL('./testing/fixtures/rendered-bent-over-row-front.poses.jsonl', import.meta.url).pathname);
    const engine = createExerciseEngine();
    const events: ExerciseEvent[] = [];
    for (const f of frames) events.push(...engine.push('p', f.t, f.kp));
    events.push(...engine.flush('p'));
    const s = summarise(events);
    expect(Math.abs(s.reps - 3)).toBeLessThanOrEqual(1);
    expect(s.exercise).not.toBe('squat');
  });
});
