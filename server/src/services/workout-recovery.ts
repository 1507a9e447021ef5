/**
 * Sets and sessions left open by a stop (signal, crash, SIGKILL) are closed from what was stored: a set's rep
 * count is its stored rep rows, it ends at its last stored rep (or its start when it has none); a session ends at
 * its last set's end (or its start).
 *
 * With several servers on one database each set and session has an `owner` (the server instance that opened it,
 * server-instance.ts): only what a *gone* owner left open is closed — an owner whose heartbeat is older than the
 * stale limit, or none at all (rows from before migration 0025). A live neighbour's open sets are left alone.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';

export interface RecoveryScope {
  /** An owner silent for longer than this (ms, the database's clock) is gone. */
  staleMs: number;
  /** An owner closed whatever its heartbeat says: the starting instance's own id (what its previous run left). */
  gone?: string | null;
  /** An owner never closed: the sweeping instance itself. */
  keep?: string | null;
}

/** Closes the open sets and sessions of gone owners (start-up: `gone` = own id; periodic sweep: `keep` = own id). */
export async function closeOpenWorkouts(db: Db, scope: RecoveryScope): Promise<{ sets: number; sessions: number }> {
  const ownerGone = (col: SQL) => sql`(${col} is null
      ${scope.gone ? sql`or ${col} = ${scope.gone}` : sql``}
      or not exists (select 1 from server_instances i where i.id = ${col} and i.last_seen_at > now() - ${scope.staleMs} * interval '1 millisecond'))
      ${scope.keep ? sql`and ${col} is distinct from ${scope.keep}` : sql``}`;
  return close(db, ownerGone(sql`sets.owner`), ownerGone(sql`workout_sessions.owner`));
}

/** A clean stop: closes the open sets and sessions this instance owns (all open ones when it has no id). */
export async function closeOwnWorkouts(db: Db, owner: string | null): Promise<{ sets: number; sessions: number }> {
  if (!owner) return close(db, sql`true`, sql`true`);
  return close(db, sql`sets.owner = ${owner}`, sql`workout_sessions.owner = ${owner}`);
}

async function close(db: Db, setsWhere: SQL, sessionsWhere: SQL): Promise<{ sets: number; sessions: number }> {
  const s = await db.execute(sql`
    update sets set
      reps = (select count(*)::int from reps r where r.set_id = sets.id),
      ended_at = coalesce((select max(r.at) from reps r where r.set_id = sets.id), sets.started_at)
    where ended_at is null and ${setsWhere} returning id`);
  const w = await db.execute(sql`
    update workout_sessions set
      ended_at = coalesce((select max(coalesce(st.ended_at, st.started_at)) from sets st where st.session_id = workout_sessions.id), workout_sessions.started_at)
    where ended_at is null and ${sessionsWhere} returning id`);
  return { sets: rowsOf(s).length, sessions: rowsOf(w).length };
}

/**
 * The capture time of the last rep stored from this camera's recent sets (ms), or null. A server that takes a
 * camera over (a restart, or a worker failing over from another server) skips frames up to it: they were
 * processed before (a worker resending what it had in flight), and must not count reps again. Frames after it
 * are processed, so a rep the previous server counted but never stored (its writer's batch died with it) is
 * counted here.
 */
export async function lastStoredRepMs(db: Db, cameraId: string): Promise<number | null> {
  const r = await db.execute(sql`
    select max(r.at) as at from reps r
    where r.set_id in (select s.id from sets s where s.camera_id = ${cameraId} order by s.started_at desc limit 20)`);
  const at = rowsOf<{ at: unknown }>(r)[0]?.at;
  if (at == null) return null;
  const ms = at instanceof Date ? at.getTime() : Date.parse(String(at));
  return Number.isFinite(ms) ? ms : null;
}
