/**
 * Summaries the coach writes on its own: after each set a member finishes (the `set` GymEvent with phase `ended`)
 * and after a session (`session` ended). Claude writes it as structured output (a forced `summary` tool call)
 * when the member's budget allows; every number in it is checked against the stored sets, and on a mismatch, a
 * malformed answer, an API error, a timeout, or intensity advice while a PAR-Q+ hold is on, the basic coach's summary
 * goes out instead. Stored as an assistant
 * message (kind `set_summary` / `session_summary`) and pushed live as `coaching.message`. Needs the `coaching` consent.
 * With a job queue (the server's), each ended set or session becomes a durable job (key `set_summary:<setId>`), so a
 * summary due when the server stops is written after it starts again, and its web push is a job of its own.
 */
import { z } from 'zod';
import type { GymEvent } from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import type { CoachRepository, TokenUse } from '../repositories/coach.repository.ts';
import type { MembersRepository } from '../repositories/members.repository.ts';
import type { EventBus } from './event-bus.ts';
import type { CoachService } from './coach.service.ts';
import type { JobQueue } from './job-queue.service.ts';
import { COACH_MODEL, CoachLlmError, type ToolSpec } from './claude.client.ts';
import { describeSet, lastTimeComparison, type MemberFacts, type SetFact } from '../domain/coaching/basic-coach.ts';
import { allowedNumbers, basicSessionSummary, basicSetSummary, givesIntensityAdvice, summaryNumbersOk, summaryText, type Summary } from '../domain/coaching/set-summary.ts';

/** What the model must return (parsed where it enters). */
export const SummaryOut = z.object({
  headline: z.string().min(1).max(120),
  body: z.string().min(1).max(800),
  suggestions: z.array(z.string().min(1).max(200)).min(1).max(2),
});

export const SUMMARY_TOOL: ToolSpec = {
  name: 'summary',
  description: 'The post-set or post-session summary shown to the member.',
  input_schema: {
    type: 'object',
    additionalProperties: false,
    required: ['headline', 'body', 'suggestions'],
    properties: {
      headline: { type: 'string', description: 'At most 8 words, with the rep count.' },
      body: { type: 'string', description: 'Two or three sentences: reps, tempo, range, form issues, comparison with last time. Only numbers from the data.' },
      suggestions: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' }, description: 'One or two concrete suggestions for the next set.' },
    },
  },
};

export interface SummaryOptions {
  /** Resolves when the workout rows written so far are in the database (the ingest writes in the background). */
  settled?: () => Promise<void>;
  /** The whole structured call, ms (nobody waits on it; the summary arrives as a live event). */
  deadlineMs?: number;
  /** Web push to the member's subscribed devices (PushService.send); a failure there never loses the summary. */
  notify?: (memberId: string, msg: { title: string; body: string; url?: string; tag?: string }) => Promise<unknown>;
  /** Durable jobs for the summaries (omitted: written in memory as the events come, lost on a crash). */
  jobs?: JobQueue;
}

export const SET_SUMMARY_JOB = 'coach.set_summary';
export const SESSION_SUMMARY_JOB = 'coach.session_summary';

export class CoachSummaryService {
  private readonly settled: () => Promise<void>;
  private readonly deadlineMs: number;
  private readonly notify: SummaryOptions['notify'];
  private readonly jobs: JobQueue | null;
  /** Summaries in flight (tests and shutdown wait on them). */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Sets and sessions being summarised now (a repeated event while the first is in flight writes nothing). */
  private readonly busy = new Set<string>();

  constructor(
    private readonly coach: CoachService,
    private readonly repo: CoachRepository,
    private readonly members: MembersRepository,
    private readonly bus: EventBus,
    private readonly log: Logger,
    o: SummaryOptions = {},
  ) {
    this.settled = o.settled ?? (() => Promise.resolve());
    this.deadlineMs = o.deadlineMs ?? 8_000;
    this.notify = o.notify;
    this.jobs = o.jobs ?? null;
    this.jobs?.register(SET_SUMMARY_JOB, async (p, job) => void (await this.afterSet(job.memberId!, String(p.setId))));
    this.jobs?.register(SESSION_SUMMARY_JOB, async (p, job) => void (await this.afterSession(job.memberId!, String(p.sessionId))));
  }

  /** Subscribes to the bus; returns the unsubscribe. */
  watch(): () => void {
    return this.bus.on((e: GymEvent) => {
      if (e.type === 'set' && e.phase === 'ended' && e.memberId && e.reps > 0) {
        if (this.jobs) void this.jobs.enqueue(SET_SUMMARY_JOB, e.memberId, { setId: e.setId }, { key: `set_summary:${e.setId}` });
        else this.track(`set:${e.setId}`, () => this.afterSet(e.memberId!, e.setId));
      }
      if (e.type === 'session' && e.phase === 'ended' && e.memberId) {
        if (this.jobs) void this.jobs.enqueue(SESSION_SUMMARY_JOB, e.memberId, { sessionId: e.sessionId }, { key: `session_summary:${e.sessionId}` });
        else this.track(`session:${e.sessionId}`, () => this.afterSession(e.memberId!, e.sessionId));
      }
    });
  }

  /** Resolves when every summary started so far is stored (and, with the queue, every job due now is done). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    await this.jobs?.idle();
  }

  private track(key: string, run: () => Promise<unknown>) {
    if (this.busy.has(key)) return;
    this.busy.add(key);
    const q = run()
      .catch((err: unknown) => this.log.error({ err }, 'coach summary failed'))
      .finally(() => {
        this.inFlight.delete(q);
        this.busy.delete(key);
      });
    this.inFlight.add(q);
  }

  async afterSet(memberId: string, setId: string): Promise<Summary | null> {
    if (!(await this.ready(memberId, 'set_summary', setId))) return null;
    const facts = await this.repo.facts(memberId);
    const latest = facts.sets.find((s) => s.setId === setId);
    if (!latest) return null;
    const cmp = lastTimeComparison(latest.exercise, facts.sets.filter((s) => s.startedAt <= latest.startedAt));
    const previous = cmp?.previous ?? null;
    const basic = basicSetSummary(latest, previous, facts.intensityHold);
    const ask = [`The member just finished this set: ${describeSet(latest)}.`, previous ? `Last time (previous session): ${describeSet(previous)}.` : 'There is no earlier session of this exercise.'];
    return this.write(memberId, 'set_summary', setId, facts, ask.join('\n'), allowedNumbers([latest], [previous]), basic);
  }

  async afterSession(memberId: string, sessionId: string): Promise<Summary | null> {
    if (!(await this.ready(memberId, 'session_summary', sessionId))) return null;
    const facts = await this.repo.facts(memberId, 60);
    const of = facts.sets.filter((s) => s.sessionId === sessionId && s.reps > 0).reverse();
    if (!of.length) return null;
    const previousOf = (exercise: string) => facts.sets.find((s) => s.exercise === exercise && s.sessionId !== sessionId && s.startedAt < of[0]!.startedAt) ?? null;
    const previous = [...new Set(of.map((s) => s.exercise))].map(previousOf);
    const basic = basicSessionSummary(of, previousOf, facts.intensityHold);
    const ask = [
      `The member just finished a session of ${of.length} sets:`,
      ...of.map((s) => `- ${describeSet(s)}`),
      ...previous.filter((p): p is SetFact => p !== null).map((p) => `Last time, ${p.exercise}: ${describeSet(p)}.`),
    ];
    return this.write(memberId, 'session_summary', sessionId, facts, ask.join('\n'), allowedNumbers(of, previous), basic);
  }

  private async ready(memberId: string, kind: 'set_summary' | 'session_summary', refId: string): Promise<boolean> {
    if (!(await this.members.hasConsent(memberId, 'coaching'))) return false;
    await this.settled();
    const stored = await this.repo.findSummary(memberId, kind, refId);
    // Stored by an attempt that died before its push was queued: queue it now (the push job's key makes it once).
    if (stored?.summary && this.jobs) await this.push(memberId, kind, refId, stored.summary.headline);
    return !stored;
  }

  private async push(memberId: string, kind: 'set_summary' | 'session_summary', refId: string, headline: string) {
    if (!this.notify) return;
    // The headline only (a lock screen is not private); the app opens on the coach tab.
    await this.notify(memberId, { title: kind === 'set_summary' ? 'Set summary' : 'Session summary', body: headline, url: '/apps/member/#/coach', tag: `${kind}:${refId}` }).catch((err: Error) =>
      this.log.warn({ err: err.message }, 'coach summary push failed'),
    );
  }

  private async write(memberId: string, kind: 'set_summary' | 'session_summary', refId: string, facts: MemberFacts, ask: string, allowed: Set<string>, basic: Summary): Promise<Summary> {
    let out: Summary = basic;
    let usage: TokenUse = { model: null };
    const client = await this.coach.llmFor(memberId);
    if (client) {
      try {
        const r = await client.tool(this.coach.system(facts), [{ role: 'user', content: `${ask}\nWrite the summary with the summary tool. Use only numbers given above.` }], SUMMARY_TOOL, this.deadlineMs);
        const parsed = SummaryOut.safeParse(r.input);
        if (!parsed.success) throw new CoachLlmError('malformed', 'the summary does not match its schema');
        const check = summaryNumbersOk(parsed.data, allowed);
        const held = facts.intensityHold !== null && givesIntensityAdvice(parsed.data);
        if (!check.ok || held) {
          this.log.warn({ bad: check.bad.length, held }, 'coach summary has numbers not in the data or intensity advice on hold: basic summary');
          // Tokens were spent all the same: keep them on the stored row, the answer is the basic one.
          usage = { model: null, inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheCreationTokens: r.cacheCreationTokens, cacheReadTokens: r.cacheReadTokens };
        } else {
          out = parsed.data;
          usage = { model: COACH_MODEL, inputTokens: r.inputTokens, outputTokens: r.outputTokens, cacheCreationTokens: r.cacheCreationTokens, cacheReadTokens: r.cacheReadTokens };
        }
      } catch (err) {
        this.log.warn({ reason: err instanceof CoachLlmError ? err.reason : 'unknown' }, 'coach summary LLM failed: basic summary');
      }
    }
    const text = summaryText(out);
    const m = await this.repo.addSummary(memberId, kind, refId, out, text, usage);
    this.bus.emit({ type: 'coaching.message', at: m.createdAt.getTime(), memberId, messageId: m.id, role: 'assistant', text, partial: false });
    await this.push(memberId, kind, refId, out.headline);
    return out;
  }
}
