/**
 * Post-set and post-session summaries on a real server (PGlite) with the Messages API stand-in: the set/session
 * ended events on the bus (as workouts.service emits them) → a stored summary checked number by number against
 * the stored sets; a model summary with a number that is not in the data is replaced by the basic one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { GymEvent } from '@gym/shared';
import { coachingMessages, memberProfiles, reps, sets, workoutSessions } from '../db/schema/index.ts';
import { MessagesStandIn } from '../testing/messages-stand-in.ts';
import { api, seedActors, startTestServer, type Actors, type TestServer } from '../testing/server.ts';
import { BASIC_COACH_INTRO } from '../domain/coaching/basic-coach.ts';

describe('coach summaries after a set and a session', () => {
  let llm: MessagesStandIn;
  let t: TestServer;
  let a: Actors;
  const personId = randomUUID();
  const live: GymEvent[] = [];

  /** A stored squat set of `n` reps (`valgus` of them flagged) in `sessionId`, `daysAgo` days back. */
  async function storeSet(memberId: string, sessionId: string, n: number, valgus: number, daysAgo: number, minute = 0) {
    const db = t.db.db;
    const at = new Date(Date.now() - daysAgo * 86_400_000 + minute * 60_000);
    await db.insert(workoutSessions).values({ id: sessionId, memberId, startedAt: at }).onConflictDoNothing();
    const setId = randomUUID();
    await db.insert(sets).values({ id: setId, sessionId, memberId, exercise: 'squat', startedAt: at, reps: n });
    await db.insert(reps).values(
      Array.from({ length: n }, (_, i) => ({ setId, memberId, at, index: i + 1, startedAt: at, rom: 0.85, concentricMs: 1200, eccentricMs: 2400, form: i < valgus ? [{ rule: 'knee_valgus', severity: 'warn', message: 'knees in' }] : [] })),
    );
    return setId;
  }
  const setEnded = (memberId: string, setId: string, n: number): GymEvent => ({ type: 'set', at: Date.now(), phase: 'ended', personId, memberId, setId, exercise: 'squat', reps: n });
  const summaryRows = (memberId: string, refId: string) => t.db.db.select().from(coachingMessages).where(and(eq(coachingMessages.memberId, memberId), eq(coachingMessages.refId, refId)));

  let today = '';
  beforeAll(async () => {
    llm = await new MessagesStandIn().start();
    t = await startTestServer('pglite', { coach: { apiKey: 'test-key', baseURL: llm.url, maxRetries: 1 } });
    a = await seedActors(t);
    await t.app.ctx.members.recordConsent(a.member1Id, 'coaching', 'app', null);
    await storeSet(a.member1Id, randomUUID(), 8, 0, 3);
    today = randomUUID();
    t.app.ctx.bus.on((e) => e.type === 'coaching.message' && live.push(e));
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });
  beforeEach(() => llm.reset());

  it('Claude’s summary with only stored numbers is kept, pushed live and listed', async () => {
    const setId = await storeSet(a.member1Id, today, 11, 2, 0);
    const good = { headline: '11 squats, 3 more than last time', body: 'Range 85%, 1.2 s up and 2.4 s down; knees caved in 2 times.', suggestions: ['Push your knees out on the way up.'] };
    llm.push({ kind: 'tool', name: 'summary', input: good, usage: { input: 300, output: 60 } });
    t.app.ctx.bus.emit(setEnded(a.member1Id, setId, 11));
    t.app.ctx.bus.emit(setEnded(a.member1Id, setId, 11)); // a repeated event writes no second summary
    await t.app.summaries.idle();

    const req = llm.requests[0]!;
    expect(req.body.tool_choice).toEqual({ type: 'tool', name: 'summary' });
    expect(JSON.stringify(req.body.messages)).toContain('11 reps of squat');
    expect(JSON.stringify(req.body.messages)).toContain('8 reps of squat');
    const rows = await summaryRows(a.member1Id, setId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'set_summary', summary: good, model: 'claude-sonnet-4-6', inputTokens: 300, outputTokens: 60 });
    expect(live.some((e) => e.type === 'coaching.message' && e.messageId === rows[0]!.id && e.text.includes('11 squats'))).toBe(true);
    const listed = await api(t, 'GET', '/api/me/coach/summaries', a.member1);
    expect(listed.body[0]).toMatchObject({ id: rows[0]!.id, kind: 'set', refId: setId, source: 'llm', headline: good.headline });
  });

  const bad: [string, () => void][] = [
    ['a number not in the data (12 reps)', () => llm.push({ kind: 'tool', name: 'summary', input: { headline: '12 squats', body: 'Great depth at 85%.', suggestions: ['Add 5 kg.'] } })],
    ['an answer that breaks the schema', () => llm.push({ kind: 'tool', name: 'summary', input: { headline: '11 squats' } })],
    ['529 overloaded twice', () => llm.push(...[0, 1].map(() => ({ kind: 'status' as const, status: 529, headers: { 'retry-after-ms': '10' } })))],
  ];
  it.each(bad)('%s → the basic summary with the real numbers', async (_name, script) => {
    script();
    const setId = await storeSet(a.member1Id, today, 10, 1, 0, 5);
    t.app.ctx.bus.emit(setEnded(a.member1Id, setId, 10));
    await t.app.summaries.idle();
    const [row] = await summaryRows(a.member1Id, setId);
    expect(row!.model).toBeNull();
    expect(row!.summary!.headline).toBe('10 reps of squat');
    expect(row!.summary!.body.startsWith(BASIC_COACH_INTRO)).toBe(true);
    expect(row!.summary!.body).toContain('2 more reps than last time (8 reps of squat');
    expect(row!.summary!.suggestions[0]).toContain('knee valgus');
    expect(row!.content).not.toContain('12 squats');
    expect(row!.content).not.toContain('5 kg');
  });

  it('a session summary counts the session’s sets and reps', async () => {
    llm.push({ kind: 'tool', name: 'summary', input: { headline: '4 sets, 41 reps', body: 'Best set 11 squats, 3 more than last time.', suggestions: ['Rest 90 seconds between sets.'] } });
    t.app.ctx.bus.emit({ type: 'session', at: Date.now(), phase: 'ended', personId, memberId: a.member1Id, sessionId: today });
    await t.app.summaries.idle();
    const [row] = await summaryRows(a.member1Id, today);
    // 4 sets (11 + 10 + 10 + 10 = 41 reps) are right, but "90 seconds" is not a stored number: the basic summary goes out.
    expect(row).toMatchObject({ kind: 'session_summary', model: null });
    expect(row!.summary!.headline).toBe('4 sets, 41 reps');
    expect(row!.summary!.body).toContain('squat: 4 sets, best 11 reps of squat');
  });

  it('a PAR-Q+ hold: a model summary that suggests more load is replaced by the basic one', async () => {
    await t.db.db.insert(memberProfiles).values({ memberId: a.member1Id, needsClearance: true });
    llm.push({ kind: 'tool', name: 'summary', input: { headline: '10 squats', body: 'Clean set.', suggestions: ['Add a little weight next time.'] } });
    const setId = await storeSet(a.member1Id, randomUUID(), 10, 0, 0, 30);
    t.app.ctx.bus.emit(setEnded(a.member1Id, setId, 10));
    await t.app.summaries.idle();
    const [row] = await summaryRows(a.member1Id, setId);
    expect(row!.model).toBeNull();
    expect(row!.summary!.suggestions.join(' ')).toContain('until a staff member has cleared your health screening');
    await t.db.db.delete(memberProfiles).where(eq(memberProfiles.memberId, a.member1Id));
  });

  it('no coaching consent → no summary, no model call', async () => {
    const sid = randomUUID();
    const setId = await storeSet(a.member2Id, sid, 9, 0, 0);
    t.app.ctx.bus.emit(setEnded(a.member2Id, setId, 9));
    t.app.ctx.bus.emit({ type: 'session', at: Date.now(), phase: 'ended', personId, memberId: a.member2Id, sessionId: sid });
    await t.app.summaries.idle();
    expect(await summaryRows(a.member2Id, setId)).toHaveLength(0);
    expect(await summaryRows(a.member2Id, sid)).toHaveLength(0);
    expect(llm.requests).toHaveLength(0);
  });

  it('a summary goes to the member’s devices as a web push (headline only, opening the coach tab)', async () => {
    const sent: { memberId: string; msg: unknown }[] = [];
    const push = t.app.ctx.push as unknown as { enqueue: (memberId: string, msg: unknown) => Promise<number> };
    const original = push.enqueue;
    push.enqueue = async (memberId, msg) => (sent.push({ memberId, msg }), 1);
    try {
      const setId = await storeSet(a.member1Id, today, 7, 1, 0);
      t.app.ctx.bus.emit(setEnded(a.member1Id, setId, 7));
      await t.app.summaries.idle();
      expect(sent).toEqual([{ memberId: a.member1Id, msg: { title: 'Set summary', body: expect.stringContaining('7'), url: '/apps/member/#/coach', tag: `set_summary:${setId}` } }]);
    } finally {
      push.enqueue = original;
    }
  });
});
