/** What the Now screen shows, folded from this member's live events: pure, so it is unit-tested without a socket. */
import type { GymEvent } from '@gym/shared';

export interface LiveSet {
  /** When a camera last saw this member (person.seen / identity.resolved / rep), epoch ms; null when not since opening. */
  seenAt: number | null;
  exercise: string | null;
  reps: number;
  lastRep: { rom: number; concentricMs: number; eccentricMs: number } | null;
  /** The latest in-set cue (`coach.cue`: templated, rate-limited by the server) and when it came, epoch ms. */
  cue: { rule: string; message: string; severity: 'info' | 'warn' | 'bad'; at: number } | null;
  setsDone: { exercise: string; reps: number }[];
}

export const emptyLiveSet: LiveSet = { seenAt: null, exercise: null, reps: 0, lastRep: null, cue: null, setsDone: [] };

export function foldLiveEvent(s: LiveSet, e: GymEvent, memberId: string, now: number): LiveSet {
  switch (e.type) {
    case 'person.seen':
      return { ...s, seenAt: now };
    case 'identity.resolved':
      return e.memberId === memberId ? { ...s, seenAt: now } : s;
    case 'set':
      if (e.memberId !== memberId) return s;
      return e.phase === 'started'
        ? { ...s, seenAt: now, exercise: e.exercise, reps: 0, lastRep: null, cue: null }
        : { ...s, seenAt: now, reps: e.reps, setsDone: [{ exercise: e.exercise, reps: e.reps }, ...s.setsDone].slice(0, 10) };
    case 'rep':
      if (e.memberId !== memberId) return s;
      return { ...s, seenAt: now, exercise: e.exercise, reps: e.count, lastRep: { rom: e.rom, concentricMs: e.concentricMs, eccentricMs: e.eccentricMs } };
    // The engine's raw form findings (`form.cue`, one per flagged rep) are for the staff console; the member sees the
    // coach's cue, which the server sends at most every few seconds, never the same one twice in a row.
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
