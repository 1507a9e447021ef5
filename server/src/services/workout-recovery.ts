/**
 * Sets and sessions left open by a stop (signal, crash, SIGKILL) are closed from what was stored: a set's rep
 * count is its stored rep rows, it ends at its last stored rep (or its start when it has none); a session ends at
 * its last set's end (or its start). Run on start, and on shutdown after the writer has flushed.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';

export async function closeOpenWorkouts(db: Db): Promise<{ sets: number; sessions: number }> {
  const s = await db.execute(sql`
    update sets set
      reps = (select count(*)::int from reps r where r.set_id = sets.id),
      ended_at = coalesce((select max(r.at) from reps r where r.set_id = sets.id), sets.started_at)
    where ended_at is null returning id`);
  const w = await db.execute(sql`
    update workout_sessions set
      ended_at = coalesce((select max(coalesce(st.ended_at, st.started_at)) from sets st where st.session_id = workout_sessions.id), workout_sessions.started_at)
    where ended_at is null returning id`);
  return { sets: count(s), sessions: count(w) };
}

function count(res: unknown): number {
  return rowsOf(res).length;
}

/**
 * The capture time of the last rep stored (ms), or null: frames up to it were processed by an earlier run, so
 * after a restart they are replays (a worker resending what it had in flight) and must not count reps again.
 */
export async function lastStoredRepMs(db: Db): Promise<number | null> {
  const r = await db.execute(sql`select max(at) as at from reps`);
  const at = rowsOf<{ at: unknown }>(r)[0]?.at;
  if (at == null) return null;
  const ms = at instanceof Date ? at.getTime() : Date.parse(String(at));
  return Number.isFinite(ms) ? ms : null;
}
