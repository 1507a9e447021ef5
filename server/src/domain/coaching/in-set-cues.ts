/**
 * In-set cues (pure): short templated cues from the engine's explained form events and the reps' tempo, and the
 * gate that rate-limits them per member. Nothing here calls a model: the rep loop never waits on one.
 *
 * The gate: at most one cue per `minGapMs` per member; a safety cue (severity `bad`: knees caving in, back
 * rounding) may come after `safetyGapMs` instead; never the same cue twice in a row within a set (a new set
 * starts afresh). Cues are at most 60 characters, to read at a glance or hear.
 */
import type { FormMeasurement } from '@gym/shared';

export type CueSeverity = 'info' | 'warn' | 'bad';
export interface Cue {
  /** What the cue is about (`squat.knee_valgus`, `tempo.eccentric`): the twice-in-a-row check compares it. */
  key: string;
  text: string;
  severity: CueSeverity;
  source: 'form' | 'tempo';
}

export const MAX_CUE_CHARS = 60;

/** Short cues per kind of fault (the part of the rule id after the exercise). */
const TEMPLATES: Record<string, string> = {
  knee_valgus: 'Knees out',
  back_rounding: 'Chest up, back flat',
  hip_sag: 'Brace, hips in line',
  depth: 'Go deeper',
  partial: 'Full range',
  partial_lockout: 'Lock out at the top',
  asymmetry: 'Both arms together',
  swinging: 'Keep your torso still',
};

const round = (v: number) => (Math.abs(v) >= 10 ? Math.round(v) : Math.round(v * 10) / 10);

/** "Go deeper (knee 118°, aim < 115°)" when it fits, else the template alone. */
export function formCue(rule: string, severity: CueSeverity, message: string, measured?: FormMeasurement): Cue {
  const kind = rule.split('.').pop() ?? rule;
  const base = TEMPLATES[kind] ?? (message.split(/[:.]/)[0] ?? message).trim();
  let text = base;
  if (measured) {
    const withValue = `${base} (${measured.feature} ${round(measured.value)}${measured.unit}, aim ${measured.aim === 'below' ? '<' : '>'} ${round(measured.threshold)}${measured.unit})`;
    if (withValue.length <= MAX_CUE_CHARS) text = withValue;
  }
  return { key: rule, text: text.slice(0, MAX_CUE_CHARS), severity, source: 'form' };
}

/** Tempo and range from one rep: a lowering under 0.8 s, or under 60% of the range. Null when the rep is fine. */
export function tempoCue(rep: { concentricMs: number; eccentricMs: number; rom: number }): Cue | null {
  if (rep.rom < 0.6) return { key: 'tempo.range', text: `Full range: that rep was ${Math.round(rep.rom * 100)}%`, severity: 'info', source: 'tempo' };
  if (rep.eccentricMs > 0 && rep.eccentricMs < 800) return { key: 'tempo.eccentric', text: `Lower slower: ${(rep.eccentricMs / 1000).toFixed(1)} s, aim for 2 s`, severity: 'info', source: 'tempo' };
  return null;
}

export interface CueGateOptions {
  minGapMs: number;
  safetyGapMs: number;
}

export const DEFAULT_CUE_GATE: CueGateOptions = { minGapMs: 10_000, safetyGapMs: 4_000 };

export class CueGate {
  private readonly last = new Map<string, { at: number; key: string | null }>();
  constructor(private readonly o: CueGateOptions = DEFAULT_CUE_GATE) {}

  /** True when `cue` may go to the member now (and records it as sent). */
  offer(memberId: string, cue: Cue, now: number): boolean {
    const last = this.last.get(memberId);
    if (last) {
      if (last.key === cue.key) return false;
      if (now - last.at < (cue.severity === 'bad' ? this.o.safetyGapMs : this.o.minGapMs)) return false;
    }
    this.last.set(memberId, { at: now, key: cue.key });
    return true;
  }

  /** A new set: the same cue may come again (the gap still holds). */
  newSet(memberId: string): void {
    const last = this.last.get(memberId);
    if (last) last.key = null;
  }

  /** The member left (session ended): forget them. */
  forget(memberId: string): void {
    this.last.delete(memberId);
  }
}
