/**
 * A member's training history as the member app shows it: sets with their reps, sessions with volume per exercise,
 * and per-exercise progress series (one point per session) for charts. The cameras see no load, so volume is reps
 * and time under tension (concentric + eccentric time of the reps).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { ProgressSeries, SessionOut, SetOut } from '@gym/shared';
import type { Db } from '../db/client.ts';
import { reps, sets, workoutSessions } from '../db/schema/index.ts';

type SetRow = typeof sets.$inferSelect;
type RepRow = typeof reps.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const repMs = (r: Pick<RepRow, 'concentricMs' | 'eccentricMs'>) => r.concentricMs + r.eccentricMs;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export class HistoryRepository {
  constructor(private readonly db: Db) {}

  /** The member's sets, newest first, each with its reps in order. */
  async sets(memberId: string, limit: number): Promise<SetOut[]> {
    const st = await this.db.select().from(sets).where(eq(sets.memberId, memberId)).orderBy(desc(sets.startedAt)).limit(limit);
    const bySet = await this.repsOf(st.map((s) => s.id));
    return st.map((s) => ({
      id: s.id,
      sessionId: s.sessionId,
      exercise: s.exercise,
      startedAt: s.startedAt.toISOString(),
      endedAt: iso(s.endedAt),
      reps: s.reps,
      clipAvailable: s.clipKey !== null,
      repList: (bySet.get(s.id) ?? []).map((r) => ({
        count: r.index,
        startTs: r.startedAt.getTime(),
        endTs: r.at.getTime(),
        rom: r.rom,
        concentricMs: r.concentricMs,
        eccentricMs: r.eccentricMs,
      })),
    }));
  }

  /** The member's sessions, newest first, with sets, reps and volume per exercise. */
  async sessions(memberId: string, limit: number): Promise<SessionOut[]> {
    const ss = await this.db.select().from(workoutSessions).where(eq(workoutSessions.memberId, memberId)).orderBy(desc(workoutSessions.startedAt)).limit(limit);
    if (!ss.length) return [];
    const st = await this.db
      .select()
      .from(sets)
      .where(and(eq(sets.memberId, memberId), inArray(sets.sessionId, ss.map((s) => s.id))))
      .orderBy(asc(sets.startedAt));
    const bySet = await this.repsOf(st.map((s) => s.id));
    return ss.map((s) => {
      const mine = st.filter((x) => x.sessionId === s.id);
      const perExercise = groupByExercise(mine).map(([exercise, xs]) => ({
        exercise,
        sets: xs.length,
        reps: xs.reduce((n, x) => n + x.reps, 0),
        timeUnderTensionS: round(xs.flatMap((x) => bySet.get(x.id) ?? []).reduce((n, r) => n + repMs(r), 0) / 1000),
      }));
      return {
        id: s.id,
        startedAt: s.startedAt.toISOString(),
        endedAt: iso(s.endedAt),
        sets: mine.length,
        reps: mine.reduce((n, x) => n + x.reps, 0),
        exercises: perExercise.map((e) => e.exercise),
        perExercise,
        timeUnderTensionS: round(perExercise.reduce((n, e) => n + e.timeUnderTensionS, 0)),
      };
    });
  }

  /** Per exercise (or the one asked for), a point per session over the member's last `limit` sessions, oldest first. */
  async progress(memberId: string, exercise: string | null, limit: number): Promise<ProgressSeries[]> {
    const ss = await this.db.select().from(workoutSessions).where(eq(workoutSessions.memberId, memberId)).orderBy(desc(workoutSessions.startedAt)).limit(limit);
    if (!ss.length) return [];
    const where = [eq(sets.memberId, memberId), inArray(sets.sessionId, ss.map((s) => s.id))];
    if (exercise) where.push(eq(sets.exercise, exercise));
    const st = await this.db.select().from(sets).where(and(...where)).orderBy(asc(sets.startedAt));
    const bySet = await this.repsOf(st.map((s) => s.id));
    const sessionStart = new Map(ss.map((s) => [s.id, s.startedAt]));
    return groupByExercise(st).map(([name, xs]) => {
      const bySession = new Map<string, SetRow[]>();
      for (const x of xs) bySession.set(x.sessionId, [...(bySession.get(x.sessionId) ?? []), x]);
      const points = [...bySession.entries()]
        .map(([sessionId, group]) => {
          const rs = group.flatMap((x) => bySet.get(x.id) ?? []);
          const mr = mean(rs.map((r) => r.rom));
          const md = mean(rs.map(repMs));
          return {
            sessionId,
            at: (sessionStart.get(sessionId) ?? group[0]!.startedAt).toISOString(),
            sets: group.length,
            reps: group.reduce((n, x) => n + x.reps, 0),
            bestSetReps: Math.max(...group.map((x) => x.reps)),
            meanRom: mr === null ? null : round(mr, 3),
            meanRepMs: md === null ? null : Math.round(md),
          };
        })
        .sort((a, b) => a.at.localeCompare(b.at));
      return { exercise: name, points };
    });
  }

  private async repsOf(setIds: string[]): Promise<Map<string, RepRow[]>> {
    const out = new Map<string, RepRow[]>();
    if (!setIds.length) return out;
    const rows = await this.db.select().from(reps).where(inArray(reps.setId, setIds)).orderBy(asc(reps.setId), asc(reps.index));
    for (const r of rows) out.set(r.setId, [...(out.get(r.setId) ?? []), r]);
    return out;
  }
}

/** Sets grouped by exercise, in the order each exercise first appears. */
function groupByExercise(xs: SetRow[]): [string, SetRow[]][] {
  const m = new Map<string, SetRow[]>();
  for (const x of xs) m.set(x.exercise, [...(m.get(x.exercise) ?? []), x]);
  return [...m.entries()];
}
