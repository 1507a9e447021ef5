/**
 * The coach: answers a member's chat message, streamed. Claude (claude-sonnet-4-6 through @anthropic-ai/sdk) when
 * a key is set and the member's daily token budget allows, grounded in the member's stored sets; the basic coach
 * (domain/coaching/basic-coach.ts) on no key, over budget, an API error, a timeout or a stalled stream. Red flags
 * stop the coaching: a fixed stop-and-get-help reply and a critical staff alert. Needs the `coaching` consent.
 */
import { randomUUID } from 'node:crypto';
import type { CoachSource, CoachStreamEvent } from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import { ApiError } from '../errors.ts';
import type { EventBus } from './event-bus.ts';
import type { MembersRepository } from '../repositories/members.repository.ts';
import type { CoachRepository } from '../repositories/coach.repository.ts';
import { basicCoachAnswer, describeSet, intensityHoldReply, knowledgeQuery, type MemberFacts, type NoteRef } from '../domain/coaching/basic-coach.ts';
import { HOLD_PROMPT } from '../domain/coaching/screening.ts';
import { textGivesIntensityAdvice } from '../domain/coaching/set-summary.ts';
import type { KnowledgeRepository } from '../repositories/knowledge.repository.ts';
import { detectRedFlags, RED_FLAG_REPLY } from '../domain/coaching/red-flags.ts';
import { ClaudeClient, CoachLlmError, COACH_MODEL, type SystemBlock, type Turn } from './claude.client.ts';

export { COACH_MODEL };

export interface CoachOptions {
  /** No key → always the basic coach. */
  apiKey?: string | null;
  baseURL?: string | null;
  /** Wait for the response headers per attempt, ms (the SDK's timeout; it does not cover a stream that stalls). */
  timeoutMs?: number;
  /** No first text token this long after the question → the basic coach answers, ms (so a member waits ≤ ~2 s). */
  firstTokenMs?: number;
  /** A stream with no event for this long after its first token is aborted and the basic coach answers, ms. */
  idleMs?: number;
  /** Retries as the SDK does them (429, 5xx, 529, connection errors), with its backoff. */
  maxRetries?: number;
  maxTokens?: number;
  /** Tokens (input, cache writes and reads, output) per member per UTC day; spent → the basic coach. */
  dailyTokenBudget?: number;
  /** Mark the stable prompt prefix for caching (`cache_control`); off only to measure what caching saves. */
  promptCaching?: boolean;
}

/** Messages of history per step of the prompt's history window (coach.repository.ts historyWindow). */
export const HISTORY_STEP = 10;
const EPHEMERAL = { type: 'ephemeral' as const };

/** The stable part of the prompt (cached): role, rules, safety. Member data goes in a second, uncached block. */
export const COACH_SYSTEM = [
  'You are the personal training coach of a gym member, inside the gym\'s app.',
  'Ground every statement about the member\'s training in the numbers given under "Member data"; never invent sets, reps, weights or dates.',
  'If the data does not answer the question, say so. Keep answers short (at most 120 words), concrete, encouraging.',
  'You give no medical advice. If the member describes chest pain, dizziness, fainting, sharp or joint pain, shortness of breath, feeling unwell or pregnancy complications, tell them to stop and get help from staff.',
  'If the member data says intensity advice is on hold, do not suggest more weight, reps or intensity; say why, with the reason given there (staff must clear the health screening, or the member must answer the health questions, again if the last screening is over 12 months old).',
  'Never talk about other members.',
  'When you use one of the technique notes given, cite it by its tag, e.g. [squat-depth]. Use no other sources.',
].join('\n');

export function notesContext(notes: NoteRef[]): string {
  return ["Technique notes from the gym's knowledge base (cite the one you use by its tag):", ...notes.map((n) => `[${n.slug}] ${n.title}: ${n.body}`)].join('\n');
}

export function memberContext(f: MemberFacts): string {
  const lines = ['Member data (from the gym\'s records):'];
  if (f.goals) lines.push(`Goals: ${f.goals}`);
  if (f.injuryNotes) lines.push(`Injury notes: ${f.injuryNotes}`);
  lines.push(f.intensityHold ? `Intensity advice: ON HOLD (${HOLD_PROMPT[f.intensityHold]}).` : 'Intensity advice: allowed.');
  if (!f.sets.length) lines.push('Recent sets: none stored yet.');
  else {
    lines.push('Recent sets, newest first:');
    for (const s of f.sets) lines.push(`- ${describeSet(s)}`);
  }
  return lines.join('\n');
}

type Emit = (e: CoachStreamEvent) => void;
type TextTurn = { role: 'user' | 'assistant'; content: string };

export class CoachService {
  private readonly client: ClaudeClient | null;
  private readonly o: Required<Omit<CoachOptions, 'apiKey' | 'baseURL'>>;

  constructor(
    private readonly repo: CoachRepository,
    private readonly members: MembersRepository,
    private readonly bus: EventBus,
    private readonly log: Logger,
    opts: CoachOptions = {},
    private readonly knowledge: KnowledgeRepository | null = null,
  ) {
    this.o = {
      timeoutMs: opts.timeoutMs ?? 1_500,
      firstTokenMs: opts.firstTokenMs ?? 1_500,
      idleMs: opts.idleMs ?? 1_500,
      maxRetries: opts.maxRetries ?? 1,
      maxTokens: opts.maxTokens ?? 600,
      dailyTokenBudget: opts.dailyTokenBudget ?? 100_000,
      promptCaching: opts.promptCaching ?? true,
    };
    this.client = opts.apiKey
      ? new ClaudeClient({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeoutMs: this.o.timeoutMs, maxRetries: this.o.maxRetries, maxTokens: this.o.maxTokens })
      : null;
  }

  get usesLlm(): boolean {
    return this.client !== null;
  }

  /** The Claude client if there is a key and the member's daily token budget is not spent; null → the basic coach. */
  async llmFor(memberId: string): Promise<ClaudeClient | null> {
    if (!this.client) return null;
    const dayStart = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    if ((await this.repo.tokensSince(memberId, dayStart)) >= this.o.dailyTokenBudget) {
      this.log.info('coach token budget spent for today: basic coach');
      return null;
    }
    return this.client;
  }

  async requireConsent(memberId: string): Promise<void> {
    if (!(await this.members.hasConsent(memberId, 'coaching')))
      throw new ApiError(403, 'CONSENT_REQUIRED', 'the coach needs your coaching consent (Settings → Privacy)');
  }

  /** Answers `text`, calling `emit` with start, deltas and done (or error). Both messages are stored. */
  async ask(memberId: string, text: string, emit: Emit): Promise<{ source: CoachSource; redFlag: boolean; text: string }> {
    await this.requireConsent(memberId);
    const past = await this.repo.historyWindow(memberId, HISTORY_STEP);
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
    const notes = this.knowledge ? await this.knowledge.search(knowledgeQuery(text, facts)) : [];
    const basic = () => this.finish(memberId, id, 'basic', basicCoachAnswer(text, facts, notes), false, emit, true);
    const client = await this.llmFor(memberId);
    if (!client) return basic();

    let started = false;
    // A PAR-Q+ hold: the answer is checked whole before the member sees any of it (no streaming of a held answer).
    const held = facts.intensityHold;
    try {
      const out = await client.stream(this.system(facts), this.turns(past, text, notes), { firstTokenMs: this.o.firstTokenMs, idleMs: this.o.idleMs }, (d) => {
        if (held) return;
        if (!started) emit({ type: 'start', messageId: id, source: 'llm' });
        started = true;
        emit({ type: 'delta', text: d });
      });
      if (held && textGivesIntensityAdvice(out.text)) {
        this.log.warn('coach answer gave intensity advice while a PAR-Q+ hold is on: replaced');
        // The tokens were spent all the same: they stay on the stored row (model null: the text is not the model's).
        return this.finish(memberId, id, 'basic', intensityHoldReply(held), false, emit, true, { model: null, inputTokens: out.inputTokens, outputTokens: out.outputTokens, cacheCreationTokens: out.cacheCreationTokens, cacheReadTokens: out.cacheReadTokens });
      }
      if (held) {
        emit({ type: 'start', messageId: id, source: 'llm' });
        emit({ type: 'delta', text: out.text });
      }
      await this.repo.add(memberId, 'assistant', out.text, { model: COACH_MODEL, inputTokens: out.inputTokens, outputTokens: out.outputTokens, cacheCreationTokens: out.cacheCreationTokens, cacheReadTokens: out.cacheReadTokens }, id);
      emit({ type: 'done', messageId: id, source: 'llm', text: out.text, redFlag: false });
      return { source: 'llm', redFlag: false, text: out.text };
    } catch (err) {
      this.log.warn({ reason: reasonOf(err) }, 'coach LLM failed: basic coach answers');
      // Already streamed a part: `done.text` replaces it (the contract's done text is the whole answer).
      return this.finish(memberId, id, 'basic', basicCoachAnswer(text, facts, notes), false, emit, !started);
    }
  }

  /**
   * The system prompt: the coach's rules (the same for every member) and the member's data (the same until a new set
   * is stored), each ending a cached prefix. The API caches a prefix of at least 1024 tokens (Sonnet), so the rules
   * alone are too short and the two together may be too; the history breakpoints (turns) make up the rest.
   */
  system(facts: MemberFacts): SystemBlock[] {
    const c = this.o.promptCaching ? { cache_control: EPHEMERAL } : {};
    return [
      { type: 'text', text: COACH_SYSTEM, ...c },
      { type: 'text', text: memberContext(facts), ...c },
    ];
  }

  /**
   * The chat turns: the history window, then the question with the technique notes found for it. The notes change
   * with every question, so they go in the last turn (after everything cached), not in the system prompt. The last
   * two assistant turns end cached prefixes: this turn reads the one the previous turn wrote, and writes its own.
   */
  turns(past: TextTurn[], text: string, notes: NoteRef[]): Turn[] {
    const turns = chatTurns(past, notes.length ? `${notesContext(notes)}\n\nThe member asks: ${text}` : text);
    if (!this.o.promptCaching) return turns;
    const assistant = turns.filter((t) => t.role === 'assistant').slice(-2);
    return turns.map((t): Turn => (assistant.includes(t) ? { role: t.role, content: [{ type: 'text', text: t.content, cache_control: EPHEMERAL }] } : t));
  }

  private async finish(memberId: string, id: string, source: CoachSource, text: string, redFlag: boolean, emit: Emit, sendStart: boolean, usage: Parameters<CoachRepository['add']>[3] = { model: null }) {
    if (sendStart) emit({ type: 'start', messageId: id, source });
    emit({ type: 'delta', text });
    await this.repo.add(memberId, 'assistant', text, usage, id);
    emit({ type: 'done', messageId: id, source, text, redFlag });
    return { source, redFlag, text };
  }
}

/** History + the new question as alternating turns starting with the member (the API's rule). */
export function chatTurns(past: TextTurn[], text: string): TextTurn[] {
  const turns: TextTurn[] = [];
  for (const m of [...past, { role: 'user' as const, content: text }]) {
    const last = turns.at(-1);
    if (!last && m.role === 'assistant') continue;
    if (last && last.role === m.role) last.content += `\n\n${m.content}`;
    else turns.push({ role: m.role, content: m.content });
  }
  return turns;
}

const reasonOf = (err: unknown) => (err instanceof CoachLlmError ? err.reason : err instanceof Error ? err.constructor.name : 'unknown');
