/**
 * The PAR-Q+ health screening's yearly repeat (pure). A screening holds for 12 calendar months from `screenedAt`;
 * after that it is due again, and until the member answers it the coach treats it like a missing one: no advice to
 * add weight, reps, sets or intensity. A "yes" answer waiting for staff clearance holds advice too. Each hold has a
 * reason the coach tells the member.
 */

/** Months a screening holds before it is asked again. */
export const SCREENING_VALID_MONTHS = 12;

/** Why intensity advice is held back: a "yes" awaiting staff, no screening at all, or one older than 12 months. */
export type IntensityHold = 'clearance' | 'screening_missing' | 'screening_expired';

export interface ScreeningRecord {
  screenedAt: Date | null;
  needsClearance: boolean;
}

/** When the screening answered at `screenedAt` is due again (same day, 12 months on; 29 Feb → 1 Mar). */
export function screeningDueAt(screenedAt: Date): Date {
  const d = new Date(screenedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + SCREENING_VALID_MONTHS);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  if (day > lastDay) {
    d.setUTCMonth(d.getUTCMonth() + 1, day - lastDay);
  } else d.setUTCDate(day);
  return d;
}

/** True when the member should answer the health questions (again): never answered, or 12 months have passed. */
export function screeningDue(screenedAt: Date | null, now: Date): boolean {
  return screenedAt === null || now.getTime() >= screeningDueAt(screenedAt).getTime();
}

/** The hold on intensity advice for this record, or null when advice is allowed. A pending clearance comes first. */
export function intensityHold(r: ScreeningRecord | null, now: Date): IntensityHold | null {
  if (r?.needsClearance) return 'clearance';
  if (!r || r.screenedAt === null) return 'screening_missing';
  return screeningDue(r.screenedAt, now) ? 'screening_expired' : null;
}

/** Why, in the member's words (the coach says it with the hold). */
export const HOLD_WHY: Record<IntensityHold, string> = {
  clearance: 'your health screening answers need a staff member to look at them first',
  screening_missing: 'I have no health screening from you yet (the health questions on the Me tab)',
  screening_expired: 'your health screening is more than 12 months old and is due again (the health questions on the Me tab)',
};

/** What to do about it. */
export const HOLD_NEXT: Record<IntensityHold, string> = {
  clearance: 'Please see a member of staff before you change your training',
  screening_missing: 'Please answer the health questions first',
  screening_expired: 'Please answer the health questions again first',
};

/** For the model's member block. */
export const HOLD_PROMPT: Record<IntensityHold, string> = {
  clearance: 'health screening awaits staff clearance',
  screening_missing: 'no health screening on record; the member must answer the health questions',
  screening_expired: 'health screening is more than 12 months old; the member must answer the health questions again',
};
