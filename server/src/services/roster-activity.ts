/**
 * What each person in the gym is doing now, for the staff roster: the exercise and rep count of their latest rep
 * event, forgotten when their set ends. Pure bookkeeping over bus events: no I/O.
 */
import type { GymEvent } from '@gym/shared';

export class RosterActivity {
  private readonly current = new Map<string, { exercise: string; reps: number }>();

  onEvent(e: GymEvent): void {
    if (e.type === 'rep') this.current.set(e.personId, { exercise: e.exercise, reps: e.count });
    else if (e.type === 'set' && e.phase === 'started') this.current.set(e.personId, { exercise: e.exercise, reps: 0 });
    else if (e.type === 'set' && e.phase === 'ended') this.current.delete(e.personId);
  }

  of(personId: string): { exercise: string; reps: number } | null {
    return this.current.get(personId) ?? null;
  }
}
