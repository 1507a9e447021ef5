/**
 * The coach: `npx tsx bench/coach.bench.ts` (or `make bench`).
 *
 * Time to the first streamed token and to the whole answer over the member's SSE route, with Claude played by the
 * local Messages API stand-in (server/src/testing/messages-stand-in.ts; never the real API), normal and under each
 * failure, against the basic coach (a server with no key) measured in the same run. Also the fallback rate: the
 * share of failed calls answered by the basic coach within 2 s. BENCH_COACH_N asks per scenario (default 5).
 * Tokens and cost with and without prompt caching: bench/coach-cache.bench.ts.
 */
import { randomUUID } from 'node:crypto';
import { CoachStreamEvent } from '@gym/shared';
import { reps, sets, workoutSessions } from '../server/src/db/schema/index.ts';
import { MessagesStandIn, type Behaviour } from '../server/src/testing/messages-stand-in.ts';
import { seedActors, startTestServer, type TestServer } from '../server/src/testing/server.ts';
import { headline } from './lib/report.ts';

const N = Number(process.env['BENCH_COACH_N'] ?? 5);
const ANSWER = 'Eleven squats today, three more than last time. Your knees caved in twice: push them out on the way up. Keep the load.';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

async function ask(t: TestServer, token: string, text: string) {
  const t0 = performance.now();
  const r = await fetch(`${t.url}/api/me/coach/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const reader = r.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  let first = NaN;
  let source = '';
  for (let c = await reader.read(); !c.done; c = await reader.read()) {
    buf += dec.decode(c.value, { stream: true });
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const e = CoachStreamEvent.parse(JSON.parse(buf.slice(0, i).split('\n').find((l) => l.startsWith('data: '))!.slice(6)));
      buf = buf.slice(i + 2);
      if (e.type === 'delta' && Number.isNaN(first)) first = performance.now() - t0;
      if (e.type === 'done') source = e.source;
    }
  }
  return { firstMs: first, doneMs: performance.now() - t0, source };
}

async function seeded(t: TestServer) {
  const a = await seedActors(t);
  await t.app.ctx.members.recordConsent(a.member1Id, 'coaching', 'bench', null);
  for (const [day, n] of [[3, 8], [0, 11]] as const) {
    const sessionId = randomUUID();
    const setId = randomUUID();
    const at = new Date(Date.now() - day * 86_400_000);
    await t.db.db.insert(workoutSessions).values({ id: sessionId, memberId: a.member1Id, startedAt: at });
    await t.db.db.insert(sets).values({ id: setId, sessionId, memberId: a.member1Id, exercise: 'squat', startedAt: at, reps: n });
    await t.db.db.insert(reps).values(Array.from({ length: n }, (_, i) => ({ setId, memberId: a.member1Id, at, index: i + 1, startedAt: at, rom: 0.9, concentricMs: 1300, eccentricMs: 2200, form: i < 2 && day === 0 ? [{ rule: 'knee_valgus', severity: 'warn', message: 'knees in' }] : [] })));
  }
  return a.member1;
}

const scenarios: [string, () => Behaviour[]][] = [
  ['normal stream (20 ms per chunk)', () => [{ kind: 'text', text: ANSWER, chunkDelayMs: 20 }]],
  ['429, retry-after-ms 100, then ok', () => [{ kind: 'status', status: 429, headers: { 'retry-after-ms': '100' } }, { kind: 'text', text: ANSWER }]],
  ['429 every time', () => [0, 1].map(() => ({ kind: 'status', status: 429, headers: { 'retry-after-ms': '300' } }))],
  ['529, retry-after 5 s', () => [{ kind: 'status', status: 529, headers: { 'retry-after': '5' } }]],
  ['hang', () => [{ kind: 'hang' }, { kind: 'hang' }]],
  ['stall after first words', () => [{ kind: 'stall', afterText: 'Eleven squats ' }]],
  ['malformed JSON', () => [{ kind: 'malformed' }, { kind: 'malformed' }]],
  ['error event mid-stream', () => [{ kind: 'midStreamError', afterText: 'Eleven squats ' }]],
];

const llm = await new MessagesStandIn().start();
const withKey = await startTestServer('pglite', { coach: { apiKey: 'bench-key', baseURL: llm.url, dailyTokenBudget: 1e9 } });
const noKey = await startTestServer('pglite');
try {
  const tokKey = await seeded(withKey);
  const tokBasic = await seeded(noKey);
  const basic: { firstMs: number; doneMs: number }[] = [];
  for (let i = 0; i < N; i++) basic.push(await ask(noKey, tokBasic, 'How did my squat go?'));
  const ref = { first: median(basic.map((b) => b.firstMs)), done: median(basic.map((b) => b.doneMs)) };
  console.log(`\ncoach over SSE, ${N} asks per scenario (median ms)\n`);
  console.log(['scenario', 'first token', 'done', 'answered by', 'vs basic (first token)'].join(' | '));
  console.log(`basic coach (no key, reference) | ${ref.first.toFixed(1)} | ${ref.done.toFixed(1)} | basic | 1.00×`);
  let failed = 0;
  let inTime = 0;
  for (const [name, script] of scenarios) {
    const runs = [];
    for (let i = 0; i < N; i++) {
      llm.reset();
      llm.push(...script());
      runs.push(await ask(withKey, tokKey, 'How did my squat go?'));
    }
    const first = median(runs.map((r) => r.firstMs));
    const done = median(runs.map((r) => r.doneMs));
    const by = [...new Set(runs.map((r) => r.source))].join('+');
    console.log(`${name} | ${first.toFixed(1)} | ${done.toFixed(1)} | ${by} | ${(first / ref.first).toFixed(1)}×`);
    if (!name.startsWith('normal') && !name.includes('then ok')) {
      failed += runs.length;
      inTime += runs.filter((r) => r.source === 'basic' && r.firstMs < 2_000).length;
      headline({ metric: `time to first token, ${name}`, value: first, unit: 'ms', reference: { label: 'basic coach, no key', value: ref.first }, goal: { op: '<=', value: 2_000 }, note: `${N} asks, answered by ${by}` });
    } else headline({ metric: `time to first token, ${name}`, value: first, unit: 'ms', reference: { label: 'basic coach, no key', value: ref.first }, note: `${N} asks, answered by ${by}` });
  }
  headline({ metric: 'failed model calls answered by the basic coach within 2 s', value: (100 * inTime) / failed, unit: '%', goal: { op: '>=', value: 100 }, note: `${inTime}/${failed}` });
} finally {
  await withKey.close();
  await noKey.close();
  await llm.close();
}
