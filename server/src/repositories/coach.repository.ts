/** The coach's data: the member's recent sets with rep aggregates, profile context, chat history and token use. */
import { and, asc, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { alerts, coachingMessages, memberProfiles, reps, sets } from '../db/schema/index.ts';
import type { MemberFacts, SetFact } from '../domain/coaching/basic-coach.ts';
import { intensityHold } from '../domain/coaching/screening.ts';

/** What a model call used (model null: the stored text is not the model's, e.g. the basic coach's). */
export interface TokenUse {
  model: string | null;
  inputTokens?: number;
  outputTokens?: number;
  cacheCreationTokens?: number;
  cacheReadTokens?: number;
}

const usageColumns = (u: TokenUse) => ({
  model: u.model,
  inputTokens: u.inputTokens ?? null,
  outputTokens: u.outputTokens ?? null,
  cacheCreationTokens: u.cacheCreationTokens ?? null,
  cacheReadTokens: u.cacheReadTokens ?? null,
});

export class CoachRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The member's latest sets (newest first) with mean range, tempo and form findings from their reps. */
  async facts(memberId: string, limit = 20): Promise<MemberFacts> {
    const rows = await this.db
      .select()
      .from(sets)
      .where(eq(sets.memberId, memberId))
      .orderBy(desc(sets.startedAt))
      .limit(limit);
    const repRows = rows.length
      ? await this.db
          .select({ setId: reps.setId, rom: reps.rom, c: reps.concentricMs, e: reps.eccentricMs, form: reps.form })
          .from(reps)
          .where(inArray(reps.setId, rows.map((r) => r.id)))
      : [];
    const bySet = new Map<string, typeof repRows>();
    for (const r of repRows) bySet.set(r.setId, [...(bySet.get(r.setId) ?? []), r]);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    const out: SetFact[] = rows.map((s) => {
      const rs = bySet.get(s.id) ?? [];
      const formIssues: Record<string, number> = {};
      for (const r of rs) for (const f of r.form) formIssues[f.rule] = (formIssues[f.rule] ?? 0) + 1;
      return {
        setId: s.id,
        sessionId: s.sessionId,
        exercise: s.exercise,
        startedAt: s.startedAt,
        reps: s.reps,
        meanRom: mean(rs.map((r) => r.rom)),
        meanConcentricMs: mean(rs.map((r) => r.c)),
        meanEccentricMs: mean(rs.map((r) => r.e)),
        formIssues,
      };
    });
    const [p] = await this.db.select().from(memberProfiles).where(eq(memberProfiles.memberId, memberId)).limit(1);
    return { sets: out, goals: p?.goals ?? '', injuryNotes: p?.injuryNotes ?? '', intensityHold: intensityHold(p ?? null, new Date(this.now())) };
  }

  /** Oldest first, the last `limit` messages. */
  async history(memberId: string, limit = 50) {
    const rows = await this.db
      .select()
      .from(coachingMessages)
      .where(eq(coachingMessages.memberId, memberId))
      .orderBy(desc(coachingMessages.createdAt), desc(coachingMessages.id))
      .limit(limit);
    return rows.reverse();
  }

  /**
   * A window of the chat for the prompt, oldest first: between `step` and 2·`step`−1 messages, starting at a multiple
   * of `step`, so the history at the front of the prompt stays the same (and cached) for `step` messages at a time
   * instead of sliding by one every turn.
   */
  async historyWindow(memberId: string, step = 10) {
    const [c] = await this.db.select({ n: sql<number>`count(*)::int` }).from(coachingMessages).where(eq(coachingMessages.memberId, memberId));
    const n = Number(c?.n ?? 0);
    const start = n < step ? 0 : Math.floor((n - step) / step) * step;
    return this.db.select().from(coachingMessages).where(eq(coachingMessages.memberId, memberId)).orderBy(asc(coachingMessages.createdAt), asc(coachingMessages.id)).offset(start);
  }

  /** Stores a message; `id` lets the caller give the row the id it already streamed to the member. */
  async add(memberId: string, role: 'user' | 'assistant', content: string, usage: TokenUse = { model: null }, id?: string) {
    const [m] = await this.db
      .insert(coachingMessages)
      .values({ ...(id ? { id } : {}), memberId, role, content, ...usageColumns(usage) })
      .returning();
    return m!;
  }

  /** A summary the coach wrote after a set or a session, stored as an assistant message (once per set or session). */
  async addSummary(memberId: string, kind: 'set_summary' | 'session_summary', refId: string, summary: { headline: string; body: string; suggestions: string[] }, content: string, usage: TokenUse) {
    const [m] = await this.db
      .insert(coachingMessages)
      .values({ memberId, role: 'assistant', content, kind, refId, summary, ...usageColumns(usage) })
      .returning();
    return m!;
  }

  async findSummary(memberId: string, kind: 'set_summary' | 'session_summary', refId: string) {
    const [row] = await this.db
      .select()
      .from(coachingMessages)
      .where(and(eq(coachingMessages.memberId, memberId), eq(coachingMessages.kind, kind), eq(coachingMessages.refId, refId)))
      .limit(1);
    return row ?? null;
  }

  async hasSummary(memberId: string, kind: 'set_summary' | 'session_summary', refId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: coachingMessages.id })
      .from(coachingMessages)
      .where(and(eq(coachingMessages.memberId, memberId), eq(coachingMessages.kind, kind), eq(coachingMessages.refId, refId)))
      .limit(1);
    return rows.length > 0;
  }

  /** Newest first. */
  async summaries(memberId: string, limit = 20) {
    return this.db
      .select()
      .from(coachingMessages)
      .where(and(eq(coachingMessages.memberId, memberId), ne(coachingMessages.kind, 'chat')))
      .orderBy(desc(coachingMessages.createdAt), desc(coachingMessages.id))
      .limit(limit);
  }

  /** Tokens the member's LLM answers used since `since` (input, cache writes and reads, output). */
  async tokensSince(memberId: string, since: Date): Promise<number> {
    const m = coachingMessages;
    const [r] = await this.db
      .select({ n: sql<number>`coalesce(sum(coalesce(${m.inputTokens},0) + coalesce(${m.outputTokens},0) + coalesce(${m.cacheCreationTokens},0) + coalesce(${m.cacheReadTokens},0)),0)::int` })
      .from(coachingMessages)
      .where(and(eq(coachingMessages.memberId, memberId), gte(coachingMessages.createdAt, since)));
    return Number(r?.n ?? 0);
  }

  /** A critical staff alert; the message names no symptom or person (staff open the member from the console). */
  async raiseRedFlag(memberId: string, kinds: string[]) {
    const [a] = await this.db
      .insert(alerts)
      .values({ at: new Date(), kind: 'coach_red_flag', severity: 'critical', cameraId: null, personId: null, memberId, message: 'A member reported a warning sign to the coach: check on them now', details: { kinds } })
      .returning();
    return a!;
  }
}

