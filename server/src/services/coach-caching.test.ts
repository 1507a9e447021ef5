/**
 * Prompt caching in the chat (issue 15): the stable prefix (rules, member data, the history window) carries
 * `cache_control`, and the stand-in plays the API's cache (counted tokens, 1024-token minimum), so a conversation
 * reads its earlier turns from the cache and the stored rows carry cache reads and writes. Off: nothing is cached.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createLogger } from '@gym/shared/logger.ts';
import { coachingMessages, reps, sets, workoutSessions } from '../db/schema/index.ts';
import { MessagesStandIn } from '../testing/messages-stand-in.ts';
import { seedActors, startTestServer, type TestServer } from '../testing/server.ts';
import { KnowledgeRepository } from '../repositories/knowledge.repository.ts';
import { CoachService } from './coach.service.ts';

const ANSWER = 'Eleven squats today, three more than last time. Your knees caved in on two reps, so push them out over your toes on the way up and keep the same tempo: about 1.3 s up and 2.2 s down. '.repeat(6);

describe('prompt caching in the coach chat', () => {
  let llm: MessagesStandIn;
  let t: TestServer;
  let members: string[] = [];
  beforeAll(async () => {
    llm = await new MessagesStandIn({ countTokens: true }).start();
    t = await startTestServer('pglite');
    const a = await seedActors(t);
    members = [a.member1Id, a.member2Id];
    for (const m of members) {
      await t.app.ctx.members.recordConsent(m, 'coaching', 'app', null);
      const sessionId = randomUUID();
      const setId = randomUUID();
      const at = new Date();
      await t.db.db.insert(workoutSessions).values({ id: sessionId, memberId: m, startedAt: at });
      await t.db.db.insert(sets).values({ id: setId, sessionId, memberId: m, exercise: 'squat', startedAt: at, reps: 11 });
      await t.db.db.insert(reps).values(Array.from({ length: 11 }, (_, i) => ({ setId, memberId: m, at, index: i + 1, startedAt: at, rom: 0.9, concentricMs: 1300, eccentricMs: 2200, form: [] })));
    }
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });
  beforeEach(() => llm.reset());

  const coach = (promptCaching: boolean) =>
    new CoachService(t.app.ctx.coach, t.app.ctx.members, t.app.ctx.bus, createLogger('test', { level: 'silent' }), { apiKey: 'k', baseURL: llm.url, promptCaching, dailyTokenBudget: 1e9 }, new KnowledgeRepository(t.db.db));
  const rows = (m: string) => t.db.db.select().from(coachingMessages).where(eq(coachingMessages.memberId, m)).orderBy(asc(coachingMessages.createdAt));

  it('marks the stable prefix and reads earlier turns from the cache; stored rows carry the cache tokens', async () => {
    const c = coach(true);
    for (let i = 0; i < 6; i++) {
      llm.push({ kind: 'text', text: ANSWER });
      await c.ask(members[0]!, `Question ${i}: how is my squat going?`, () => {});
    }
    const body = llm.requests.at(-1)!.body;
    expect((body.system as { cache_control?: unknown }[]).every((b) => b.cache_control)).toBe(true);
    const marked = (body.messages as { role: string; content: unknown }[]).filter((m) => Array.isArray(m.content));
    expect(marked.map((m) => m.role)).toEqual(['assistant', 'assistant']);
    const answers = (await rows(members[0]!)).filter((r) => r.role === 'assistant');
    expect(answers).toHaveLength(6);
    // Turn 1 has nothing to read; once a prefix of 1024 tokens was written, every later turn reads it, and reads
    // more than it sends uncached.
    expect(answers[0]!.cacheReadTokens).toBe(0);
    const firstRead = answers.findIndex((a) => a.cacheReadTokens! > 0);
    expect(firstRead).toBeGreaterThan(0);
    expect(firstRead).toBeLessThanOrEqual(4);
    expect(answers[firstRead - 1]!.cacheCreationTokens).toBeGreaterThan(0);
    for (const a of answers.slice(firstRead)) {
      expect(a.cacheReadTokens).toBeGreaterThanOrEqual(1024);
      expect(a.cacheReadTokens!).toBeGreaterThan(a.inputTokens!);
    }
  });

  it('caching off: no cache_control is sent and nothing is read from the cache', async () => {
    const c = coach(false);
    for (let i = 0; i < 4; i++) {
      llm.push({ kind: 'text', text: ANSWER });
      await c.ask(members[1]!, `Question ${i}: how is my squat going?`, () => {});
    }
    expect(JSON.stringify(llm.requests.map((r) => r.body))).not.toContain('cache_control');
    const answers = (await rows(members[1]!)).filter((r) => r.role === 'assistant');
    expect(answers.map((a) => a.cacheReadTokens)).toEqual([0, 0, 0, 0]);
    expect(answers[3]!.inputTokens).toBeGreaterThan(answers[0]!.inputTokens! * 2);
  });
});
