/** Folds an event stream into the per-recording summary printed by `gym replay-poses`. */
import type { ExerciseEvent, SetEndedEvent } from './types.ts';

export interface RecordingSummary {
  exercise: string | null;
  reps: number;
  confidence: number;
  sets: { exercise: string | null; reps: number; startT: number; endT: number; confidence: number }[];
  formIssues: Record<string, number>;
}

export function summarise(events: readonly ExerciseEvent[]): RecordingSummary {
  const sets = events.filter((e): e is SetEndedEvent => e.type === 'set.ended');
  const byExercise = new Map<string | null, number>();
  for (const s of sets) byExercise.set(s.exercise, (byExercise.get(s.exercise) ?? 0) + s.reps);
  let exercise: string | null = null, most = -1;
  for (const [ex, n] of byExercise) if (n > most || (n === most && ex !== null)) { most = n; exercise = ex; }
  const formIssues: Record<string, number> = {};
  for (const e of events) if (e.type === 'form') formIssues[e.rule] = (formIssues[e.rule] ?? 0) + 1;
  const named = sets.filter((s) => s.exercise === exercise);
  return {
    exercise,
    reps: sets.reduce((a, s) => a + s.reps, 0),
    confidence: named.length ? Math.round((named.reduce((a, s) => a + s.confidence * s.reps, 0) / Math.max(1, most)) * 1000) / 1000 : 0,
    sets: sets.map((s) => ({ exercise: s.exercise, reps: s.reps, startT: s.startT, endT: s.endT, confidence: s.confidence })),
    formIssues,
  };
}
