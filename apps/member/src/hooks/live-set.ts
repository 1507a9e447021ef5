/** What the Now screen shows, folded from this member's live events: pure, so it is unit-tested without a socket. */
import type { GymEvent } from '@gym/shared';

export interface LiveSet {
  /** When a camera last saw this member (person.seen / identity.resolved / rep), epoch ms; null when not since opening. */
  seenAt: number | null;
  exercise: string | null;
  reps: number;
  lastRep: { rom: number; concentricMs: number; eccentricMs: number } | null;
  /** The latest in-set cue (`coach.cue`: templated, rate-limited by the server; needs the coaching consent) and when it came, epoch ms. */
  cue: { rule: string; message: string; severity: 'info' | 'warn' | 'bad'; at: number } | null;
  /** The engine's latest form finding (`form.cue`: the measurement, not the coach's words; shown to every member). */
  finding: { rule: string; message: string; severity: 'info' | 'warn' | 'bad'; at: number } | null;
  setsDone: { exercise: string; reps: number }[];
}

export const emptyLiveSet: LiveSet = { seenAt: null, exercise: null, reps: 0, lastRep: null, cue: null, finding: null, setsDone: [] };

export function foldLiveEvent(s: LiveSet, e: GymEvent, memberId: string, now: number): LiveSet {
  switch (e.type) {
    case 'person.seen':
      return { ...s, seenAt: now };
    case 'identity.resolved':
      return e.memberId === memberId ? { ...s, seenAt: now } : s;
    case 'set':
      if (e.memberId !== memberId) return s;
      return e.phase === 'started'
        ? { ...s, seenAt: now, exercise: e.exercise, reps: 0, lastRep: null, cue: null, finding: null }
        : { ...s, seenAt: now, reps: e.reps, setsDone: [{ exercise: e.exercise, reps: e.reps }, ...s.setsDone].slice(0, 10) };
    case 'rep':
      if (e.memberId !== memberId) return s;
      return { ...s, seenAt: now, exercise: e.exercise, reps: e.count, lastRep: { rom: e.rom, concentricMs: e.concentricMs, eccentricMs: e.eccentricMs } };
    // The engine's form findings (`form.cue`, one per flagged rep) are the engine's measurements, not coaching: every
    // member sees the latest one. The coach's cue (its words, rate-limited, needs the coaching consent) shows instead
    // while it is fresh (see `shownCue`).
    case 'form.cue':
      if (e.memberId !== memberId) return s;
      return { ...s, finding: { rule: e.rule, message: e.message, severity: e.severity, at: now } };
    case 'coach.cue':
      if (e.memberId !== memberId) return s;
      return { ...s, cue: { rule: e.key, message: e.text, severity: e.severity, at: now } };
    default:
      return s;
  }
}

/** A cue stays on screen this long (the next may come after 4–10 s). */
export const CUE_SHOW_MS = 12_000;
export const cueNow = (s: LiveSet, now: number) => (s.cue && now - s.cue.at < CUE_SHOW_MS ? s.cue : null);

/** The system knows who you are while a camera saw you within this window. */
export const SEEN_WINDOW_MS = 20_000;
export const isKnownNow = (s: LiveSet, now: number) => s.seenAt !== null && now - s.seenAt < SEEN_WINDOW_MS;

/** What the cue line shows: the coach's cue while fresh, else the engine's latest finding while fresh, else nothing. */
export const shownCue = (s: LiveSet, now: number) => cueNow(s, now) ?? (s.finding && now - s.finding.at < CUE_SHOW_MS ? s.finding : null);

/** The exercise heading: "Counting…" until the engine has named the exercise (null or `unknown`). */
export function exerciseHeading(exercise: string | null, known: boolean, name: (id: string) => string): string {
  if (exercise && exercise !== 'unknown') return name(exercise);
  if (exercise === 'unknown') return 'Counting…';
  return known ? 'Start an exercise in view of a camera' : 'No exercise yet';
}

/** The rep's range for display: a rep past the calibrated range (rom > 1, stored as measured) reads "full range". */
export const rangeLabel = (rom: number) => (rom >= 1 ? 'full range' : `range ${Math.round(rom * 100)}%`);
