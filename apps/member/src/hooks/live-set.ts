/** What the Now screen shows, folded from this member's live events: pure, so it is unit-tested without a socket. */
import type { GymEvent } from '@gym/shared';

export interface LiveSet {
  /** When a camera last saw this member (person.seen / identity.resolved / rep), epoch ms; null when not since opening. */
  seenAt: number | null;
  exercise: string | null;
  reps: number;
  lastRep: { rom: number; concentricMs: number; eccentricMs: number } | null;
  cue: { rule: string; message: string; severity: 'info' | 'warn' | 'bad' } | null;
  setsDone: { exercise: string; reps: number }[];
}

export const emptyLiveSet: LiveSet = { seenAt: null, exercise: null, reps: 0, lastRep: null, cue: null, setsDone: [] };

/** A cue's advice with what was measured ("knee angle 118° at the bottom; aim for under 115°"), when sent. */
function explained(message: string, measured: { explanation?: string } | undefined): string {
  return measured?.explanation ? `${message} (${measured.explanation})` : message;
}

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
    case 'form.cue':
      if (e.memberId !== memberId) return s;
      return { ...s, cue: { rule: e.rule, message: explained(e.message, e.measured), severity: e.severity } };
    default:
      return s;
  }
}

/** The system knows who you are while a camera saw you within this window. */
export const SEEN_WINDOW_MS = 20_000;
export const isKnownNow = (s: LiveSet, now: number) => s.seenAt !== null && now - s.seenAt < SEEN_WINDOW_MS;
