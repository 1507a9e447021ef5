/** Test helper: runs generated frames through an engine and folds the result. */
import type { PoseFrame } from '@gym/shared';
import { createExerciseEngine } from '../engine.ts';
import { summarise, type RecordingSummary } from '../summary.ts';
import type { ExerciseEngineOptions, ExerciseEvent } from '../types.ts';

export function replayFrames(frames: readonly PoseFrame[], opts: ExerciseEngineOptions = {}, personId = 'p0'): { events: ExerciseEvent[]; summary: RecordingSummary } {
  const engine = createExerciseEngine(opts);
  const events: ExerciseEvent[] = [];
  for (const f of frames) for (const e of engine.push(personId, f.t, f.kp)) events.push(e);
  for (const e of engine.flush()) events.push(e);
  return { events, summary: summarise(events) };
}
