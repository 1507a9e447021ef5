/**
 * Prompt caching: `npx tsx bench/coach-cache.bench.ts`.
 *
 * Input tokens and cost per chat turn over a 10-turn conversation, and per post-set summary, with prompt caching
 * (the coach as built: `cache_control` on the rules, the member data and the last two assistant turns) against the
 * same coach with caching off, in the same run. Claude is the local Messages API stand-in in its counting mode
 * (server/src/testing/messages-stand-in.ts): tokens ≈ characters / 4 and the cache played as the API documents it
 * (1024-token minimum, reads of the longest written prefix). So the counts are estimates; the ratio is the result.
 * Prices: Sonnet list prices per million tokens, input $3, cache write (5 min) $3.75, cache read $0.30, output $15.
 * BENCH_COACH_TURNS turns (default 10).
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '@gym/shared/logger.ts';
import { reps, sets, workoutSessions } from '../server/src/db/schema/index.ts';
import { approxTokens, MessagesStandIn } from '../server/src/testing/messages-stand-in.ts';
import { seedActors, startTestServer, type TestServer } from '../server/src/testing/server.ts';
import { KnowledgeRepository } from '../server/src/repositories/knowledge.repository.ts';
import { CoachService } from '../server/src/services/coach.service.ts';
import { CoachSummaryService } from '../server/src/services/coach-summary.service.ts';
import type { Usage } from '../server/src/services/claude.client.ts';
import { headline } from './lib/report.ts';

const TURNS = Number(process.env['BENCH_COACH_TURNS'] ?? 10);
const PRICE = { input: 3, write: 3.75, read: 0.3, output: 15 }; // $ per million tokens
const usd = (u: Usage) => (u.inputTokens * PRICE.input + u.cacheCreationTokens * PRICE.write + u.cacheReadTokens * PRICE.read + u.outputTokens * PRICE.output) / 1e6;
const QUESTIONS = [
  'How did my squat go today?', 'Why do my knees cave in?', 'How long should I rest between sets?', 'Is my tempo good?', 'What should I focus on next session?',
  'How does today compare with last week?', 'Should I warm up differently?', 'How deep should I squat?', 'What about my range of motion?', 'Any tips for my next set?',
];
const ANSWER = 'Eleven squats today, three more than last time. Your knees caved in on two reps: push them out over your toes on the way up. Your tempo was 1.3 s up and 2.2 s down, which is steady; keep it. Rest about the same as today between sets and keep the load as it is.';

/** A member with consent and 12 stored squat sets over the past weeks (the member data the prompt carries). */
async function member(t: TestServer, memberId: string) {
  await t.app.ctx.members.recordConsent(memberId, 'coaching', 'bench', null);
  const setIds: string[] = [];
  for (let d = 0; d < 12; d++) {
    const sessionId = randomUUID();
    const setId = randomUUID();
    const at = new Date(Date.now() - (12 - d) * 2 * 86_400_000);
    const n = 8 + (d % 4);
    await t.db.db.insert(workoutSessions).values({ id: sessionId, memberId, startedAt: at });
    await t.db.db.insert(sets).values({ id: setId, sessionId, memberId, exercise: d % 3 ? 'squat' : 'lunge', startedAt: at, reps: n });
    await t.db.db.insert(reps).values(Array.from({ length: n }, (_, i) => ({ setId, memberId, at, index: i + 1, startedAt: at, rom: 0.85, concentricMs: 1300, eccentricMs: 2200, form: i < 2 ? [{ rule: 'knee_valgus', severity: 'warn', message: 'knees in' }] : [] })));
    setIds.push(setId);
  }
  return setIds;
}

const llm = await new MessagesStandIn({ countTokens: true }).start();
const t = await startTestServer('pglite');
try {
  const a = await seedActors(t);
  const log = createLogger('bench', { level: 'silent' });
  const kb = new KnowledgeRepository(t.db.db);
  const rows: { turn: number; on: Usage; off: Usage }[] = [];
  const runs = { on: [] as Usage[], off: [] as Usage[] };
  const summaries = { on: [] as Usage[], off: [] as Usage[] };
  for (const [mode, memberId] of [['on', a.member1Id], ['off', a.member2Id]] as const) {
    const setIds = await member(t, memberId);
    const coach = new CoachService(t.app.ctx.coach, t.app.ctx.members, t.app.ctx.bus, log, { apiKey: 'bench', baseURL: llm.url, dailyTokenBudget: 1e9, promptCaching: mode === 'on' }, kb);
    for (let i = 0; i < TURNS; i++) {
      llm.push({ kind: 'text', text: ANSWER, usage: { input: 0, output: approxTokens(ANSWER) } });
      await coach.ask(memberId, QUESTIONS[i % QUESTIONS.length]!, () => {});
      const last = (await t.app.ctx.coach.history(memberId, 1))[0]!;
      runs[mode].push({ inputTokens: last.inputTokens ?? 0, outputTokens: last.outputTokens ?? 0, cacheCreationTokens: last.cacheCreationTokens ?? 0, cacheReadTokens: last.cacheReadTokens ?? 0 });
    }
    // Post-set summaries of the last 5 sets (a forced tool call each: tools + system prefix).
    const sum = new CoachSummaryService(coach, t.app.ctx.coach, t.app.ctx.members, t.app.ctx.bus, log);
    for (const setId of setIds.slice(-5)) {
      llm.push({ kind: 'tool', name: 'summary', input: { headline: 'Good set', body: 'Steady tempo.', suggestions: ['Keep it up.'] }, usage: { input: 0, output: 40 } });
      await sum.afterSet(memberId, setId);
      const r = (await t.app.ctx.coach.summaries(memberId, 1))[0]!;
      summaries[mode].push({ inputTokens: r.inputTokens ?? 0, outputTokens: r.outputTokens ?? 0, cacheCreationTokens: r.cacheCreationTokens ?? 0, cacheReadTokens: r.cacheReadTokens ?? 0 });
    }
  }
  for (let i = 0; i < TURNS; i++) rows.push({ turn: i + 1, on: runs.on[i]!, off: runs.off[i]! });

  console.log(`\nchat, ${TURNS} turns, tokens per turn (stand-in estimates), caching on vs off\n`);
  console.log(['turn', 'on: input', 'on: cache write', 'on: cache read', 'on: $', 'off: input', 'off: $', 'cost on/off'].join(' | '));
  for (const r of rows)
    console.log([r.turn, r.on.inputTokens, r.on.cacheCreationTokens, r.on.cacheReadTokens, usd(r.on).toFixed(5), r.off.inputTokens, usd(r.off).toFixed(5), (usd(r.on) / usd(r.off)).toFixed(2)].join(' | '));
  const total = (us: Usage[]) => us.reduce((n, u) => n + usd(u), 0);
  const promptTokens = (us: Usage[]) => us.reduce((n, u) => n + u.inputTokens + u.cacheCreationTokens + u.cacheReadTokens, 0);
  const billedInput = (us: Usage[]) => us.reduce((n, u) => n + u.inputTokens + 1.25 * u.cacheCreationTokens + 0.1 * u.cacheReadTokens, 0);
  console.log(`\nconversation: $${total(runs.on).toFixed(4)} with caching, $${total(runs.off).toFixed(4)} without → ratio ${(total(runs.on) / total(runs.off)).toFixed(2)}`);
  console.log(`prompt tokens sent: ${promptTokens(runs.on)} vs ${promptTokens(runs.off)}; input billed as full-price tokens: ${billedInput(runs.on).toFixed(0)} vs ${billedInput(runs.off).toFixed(0)} → ratio ${(billedInput(runs.on) / billedInput(runs.off)).toFixed(2)}`);
  console.log(`summaries (${summaries.on.length} each): per summary input ${(promptTokens(summaries.on) / summaries.on.length).toFixed(0)} tokens, cache read ${(summaries.on.reduce((n, u) => n + u.cacheReadTokens, 0) / summaries.on.length).toFixed(0)}; $${(total(summaries.on) / summaries.on.length).toFixed(5)} with caching vs $${(total(summaries.off) / summaries.off.length).toFixed(5)} without → ratio ${(total(summaries.on) / total(summaries.off)).toFixed(2)}`);
  headline({ metric: `chat cost over a ${TURNS}-turn conversation, prompt caching on`, value: total(runs.on) * 100, unit: '¢', reference: { label: 'caching off', value: total(runs.off) * 100 }, note: `ratio ${(total(runs.on) / total(runs.off)).toFixed(2)}; stand-in token estimates` });
  headline({ metric: 'cost per post-set summary, prompt caching on', value: (total(summaries.on) / summaries.on.length) * 100, unit: '¢', reference: { label: 'caching off', value: (total(summaries.off) / summaries.off.length) * 100 }, note: 'stand-in token estimates' });
} finally {
  await t.close();
  await llm.close();
}
