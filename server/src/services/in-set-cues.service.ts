/**
 * In-set cues on the member's live channel: watches the bus for the engine's `form.cue` and `rep` events of
 * identified members, turns them into short templated cues (domain/coaching/in-set-cues.ts), lets through what the
 * per-member gate allows (one per 10 s, safety cues after 4 s, never the same twice in a row) and emits
 * `coach.cue` to the member's room. Synchronous on the bus except the consent check of a cue that passed the gate
 * (cached for a minute); never a model call. Needs the `coaching` consent.
 */
import type { GymEvent } from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import type { EventBus } from './event-bus.ts';
import type { MembersRepository } from '../repositories/members.repository.ts';
import { CueGate, DEFAULT_CUE_GATE, formCue, tempoCue, type Cue, type CueGateOptions } from '../domain/coaching/in-set-cues.ts';

const CONSENT_TTL_MS = 60_000;

export class InSetCues {
  private readonly gate: CueGate;
  private readonly consent = new Map<string, { ok: boolean; at: number }>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly bus: EventBus,
    private readonly members: Pick<MembersRepository, 'hasConsent'>,
    private readonly log: Logger,
    o: Partial<CueGateOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.gate = new CueGate({ ...DEFAULT_CUE_GATE, ...o });
  }

  watch(): () => void {
    return this.bus.on((e) => this.onEvent(e));
  }

  /** Resolves when every cue let through so far is emitted or dropped (tests). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  onEvent(e: GymEvent): void {
    if (e.type === 'set' && e.memberId && e.phase === 'started') return this.gate.newSet(e.memberId);
    if (e.type === 'session' && e.memberId) {
      this.gate.forget(e.memberId);
      this.consent.delete(e.memberId);
      return;
    }
    let cue: Cue | null = null;
    if (e.type === 'form.cue' && e.memberId) cue = formCue(e.rule, e.severity, e.message, e.measured);
    else if (e.type === 'rep' && e.memberId) cue = tempoCue(e);
    if (!cue || !('memberId' in e) || !e.memberId || !('exercise' in e)) return;
    const at = this.now();
    if (!this.gate.offer(e.memberId, cue, at)) return;
    const memberId = e.memberId;
    const out: GymEvent = { type: 'coach.cue', at, personId: e.personId, memberId, exercise: e.exercise, ...cue };
    const p = this.mayCoach(memberId, at)
      .then((ok) => void (ok && this.bus.emit(out)))
      .catch((err: unknown) => this.log.warn({ err }, 'in-set cue dropped: consent check failed'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async mayCoach(memberId: string, now: number): Promise<boolean> {
    const c = this.consent.get(memberId);
    if (c && now - c.at < CONSENT_TTL_MS) return c.ok;
    const ok = await this.members.hasConsent(memberId, 'coaching');
    this.consent.set(memberId, { ok, at: now });
    return ok;
  }
}
