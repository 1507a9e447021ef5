/**
 * The coach: answers a member's chat message, streamed. Claude (claude-sonnet-4-6 through @anthropic-ai/sdk) when
 * a key is set and the member's daily token budget allows, grounded in the member's stored sets; the basic coach
 * (domain/coaching/basic-coach.ts) on no key, over budget, an API error, a timeout or a stalled stream. Red flags
 * stop the coaching: a fixed stop-and-get-help reply and a critical staff alert. Needs the `coaching` consent.
 */
import { randomUUID } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import type { CoachSource, CoachStreamEvent } from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import { ApiError } from '../errors.ts';
import type { EventBus } from './event-bus.ts';
import type { MembersRepository } from '../repositories/members.repository.ts';
import type { CoachRepository } from '../repositories/coach.repository.ts';
import { basicCoachAnswer, describeSet, type MemberFacts } from '../domain/coaching/basic-coach.ts';
import { detectRedFlags, RED_FLAG_REPLY } from '../domain/coaching/red-flags.ts';

export const COACH_MODEL = 'claude-sonnet-4-6';

export interface CoachOptions {
  /** No key → always the basic coach. */
  apiKey?: string | null;
  baseURL?: string | null;
  /** Wait for the response headers, ms (the SDK's timeout; it does not cover a stream that stalls). */
  timeoutMs?: number;
  /** A stream with no event for this long is aborted and the basic coach answers, ms. */
  idleMs?: number;
  /** Retries as the SDK does them (429, 5xx, 529, connection errors), with its backoff. */
  maxRetries?: number;
  maxTokens?: number;
  /** Tokens (input + output) per member per UTC day; spent → the basic coach. */
  dailyTokenBudget?: number;
}

/** The stable part of the prompt (cached): role, rules, safety. Member data goes in a second, uncached block. */
export const COACH_SYSTEM = [
  'You are the personal training coach of a gym member, inside the gym\'s app.',
  'Ground every statement about the member\'s training in the numbers given under "Member data"; never invent sets, reps, weights or dates.',
  'If the data does not answer the question, say so. Keep answers short (at most 120 words), concrete, encouraging.',
  'You give no medical advice. If the member describes chest pain, dizziness, fainting, sharp or joint pain, shortness of breath, feeling unwell or pregnancy complications, tell them to stop and get help from staff.',
  'If the member data says intensity advice is on hold, do not suggest more weight, reps or intensity; say a staff member must clear the health screening first.',
  'Never talk about other members.',
].join('\n');

export function memberContext(f: MemberFacts): string {
  const lines = ['Member data (from the gym\'s records):'];
  if (f.goals) lines.push(`Goals: ${f.goals}`);
  if (f.injuryNotes) lines.push(`Injury notes: ${f.injuryNotes}`);
  lines.push(f.needsClearance ? 'Intensity advice: ON HOLD (health screening awaits staff clearance).' : 'Intensity advice: allowed.');
  if (!f.sets.length) lines.push('Recent sets: none stored yet.');
  else {
    lines.push('Recent sets, newest first:');
    for (const s of f.sets) lines.push(`- ${describeSet(s)}`);
  }
  return lines.join('\n');
}

type Emit = (e: CoachStreamEvent) => void;

export class CoachService {
  private readonly client: Anthropic | null;
  private readonly o: Required<Omit<CoachOptions, 'apiKey' | 'baseURL'>>;

  constructor(
    private readonly repo: CoachRepository,
    private readonly members: MembersRepository,
    private readonly bus: EventBus,
    private readonly log: Logger,
    opts: CoachOptions = {},
  ) {
    this.o = {
      timeoutMs: opts.timeoutMs ?? 10_000,
      idleMs: opts.idleMs ?? 5_000,
      maxRetries: opts.maxRetries ?? 1,
      maxTokens: opts.maxTokens ?? 600,
      dailyTokenBudget: opts.dailyTokenBudget ?? 100_000,
    };
    this.client = opts.apiKey
      ? new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseURL ?? undefined, timeout: this.o.timeoutMs, maxRetries: this.o.maxRetries })
      : null;
  }

  get usesLlm(): boolean {
    return this.client !== null;
  }

  async requireConsent(memberId: string): Promise<void> {
    if (!(await this.members.hasConsent(memberId, 'coaching')))
      throw new ApiError(403, 'CONSENT_REQUIRED', 'the coach needs your coaching consent (Settings → Privacy)');
  }

  /** Answers `text`, calling `emit` with start, deltas and done (or error). Both messages are stored. */
  async ask(memberId: string, text: string, emit: Emit): Promise<{ source: CoachSource; redFlag: boolean; text: string }> {
    await this.requireConsent(memberId);
    const past = await this.repo.history(memberId, 10);
    await this.repo.add(memberId, 'user', text);
    const id = randomUUID();

    const flags = detectRedFlags(text);
    if (flags.length) {
      const a = await this.repo.raiseRedFlag(memberId, flags);
      this.bus.emit({ type: 'alert', at: a.at.getTime(), alertId: String(a.id), kind: 'coach_red_flag', severity: 'critical', cameraId: null, personId: null, message: a.message });
      this.log.warn({ alertId: a.id }, 'coach red flag: staff alerted');
      return this.finish(memberId, id, 'basic', RED_FLAG_REPLY, true, emit, true);
    }

    const facts = await this.repo.facts(memberId);
    const basic = () => this.finish(memberId, id, 'basic', basicCoachAnswer(text, facts), false, emit, true);
    if (!this.client) return basic();
    const dayStart = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    if ((await this.repo.tokensSince(memberId, dayStart)) >= this.o.dailyTokenBudget) {
      this.log.info('coach token budget spent for today: basic coach');
      return basic();
    }

    let started = false;
    let answer = '';
    try {
      const usage = await this.stream(facts, past, text, (d) => {
        if (!started) emit({ type: 'start', messageId: id, source: 'llm' });
        started = true;
        answer += d;
        emit({ type: 'delta', text: d });
      });
      if (!answer.trim()) throw new Error('empty answer');
      await this.repo.add(memberId, 'assistant', answer, { model: COACH_MODEL, ...usage }).then(() => undefined);
      // Stored under a fresh row id; the stream's messageId is the one the member saw.
      emit({ type: 'done', messageId: id, source: 'llm', text: answer, redFlag: false });
      return { source: 'llm', redFlag: false, text: answer };
    } catch (err) {
      this.log.warn({ err: errorName(err) }, 'coach LLM failed: basic coach answers');
      // Already streamed a part: `done.text` replaces it (the contract's done text is the whole answer).
      return this.finish(memberId, id, 'basic', basicCoachAnswer(text, facts), false, emit, !started);
    }
  }

  private async finish(memberId: string, id: string, source: CoachSource, text: string, redFlag: boolean, emit: Emit, sendStart: boolean) {
    if (sendStart) emit({ type: 'start', messageId: id, source });
    emit({ type: 'delta', text });
    await this.repo.add(memberId, 'assistant', text, { model: null });
    emit({ type: 'done', messageId: id, source, text, redFlag });
    return { source, redFlag, text };
  }

  /** One streamed Messages API call with an idle watchdog; resolves with the tokens used. */
  private async stream(facts: MemberFacts, past: { role: 'user' | 'assistant'; content: string }[], text: string, onText: (t: string) => void) {
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ac.abort(new Error('coach stream stalled')), this.o.idleMs);
    };
    const usage = { inputTokens: 0, outputTokens: 0 };
    try {
      const stream = await this.client!.messages.create(
        {
          model: COACH_MODEL,
          max_tokens: this.o.maxTokens,
          system: [
            { type: 'text', text: COACH_SYSTEM, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: memberContext(facts) },
          ],
          messages: chatTurns(past, text),
          stream: true,
        },
        { signal: ac.signal, timeout: this.o.timeoutMs },
      );
      arm();
      for await (const ev of stream) {
        arm();
        if (ev.type === 'message_start') usage.inputTokens = ev.message.usage.input_tokens ?? 0;
        else if (ev.type === 'message_delta') usage.outputTokens = ev.usage.output_tokens ?? 0;
        else if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') onText(ev.delta.text);
      }
      return usage;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** History + the new question as alternating turns starting with the member (the API's rule). */
export function chatTurns(past: { role: 'user' | 'assistant'; content: string }[], text: string) {
  const turns: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const m of [...past, { role: 'user' as const, content: text }]) {
    const last = turns.at(-1);
    if (!last && m.role === 'assistant') continue;
    if (last && last.role === m.role) last.content += `\n\n${m.content}`;
    else turns.push({ role: m.role, content: m.content });
  }
  return turns;
}

const errorName = (err: unknown) => (err instanceof Error ? `${err.constructor.name}: ${err.message.slice(0, 120)}` : String(err));
