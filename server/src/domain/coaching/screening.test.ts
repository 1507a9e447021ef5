import { describe, expect, it } from 'vitest';
import { intensityHold, screeningDue, screeningDueAt } from './screening.ts';

const d = (iso: string) => new Date(iso);

describe('the yearly health screening', () => {
  it('is due 12 calendar months after it was answered, not before', () => {
    const at = d('2025-12-07T10:00:00Z');
    expect(screeningDueAt(at).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(screeningDue(at, d('2026-12-07T09:59:59Z'))).toBe(false);
    expect(screeningDue(at, d('2026-12-07T10:00:00Z'))).toBe(true);
    expect(screeningDue(at, d('2027-03-01T00:00:00Z'))).toBe(true);
  });
  it('a screening on 29 February is due on 1 March', () => {
    expect(screeningDueAt(d('2024-02-29T08:00:00Z')).toISOString()).toBe('2025-03-01T08:00:00.000Z');
  });
  it('is due when never answered', () => expect(screeningDue(null, d('2026-01-01T00:00:00Z'))).toBe(true));
});

describe('the hold on intensity advice', () => {
  const now = d('2026-12-07T12:00:00Z');
  it('none for a screening answered this year without a "yes"', () => expect(intensityHold({ screenedAt: d('2026-03-01T00:00:00Z'), needsClearance: false }, now)).toBeNull());
  it('an expired screening holds like a missing one', () => {
    expect(intensityHold({ screenedAt: d('2025-12-06T00:00:00Z'), needsClearance: false }, now)).toBe('screening_expired');
    expect(intensityHold({ screenedAt: null, needsClearance: false }, now)).toBe('screening_missing');
    expect(intensityHold(null, now)).toBe('screening_missing');
  });
  it('a "yes" awaiting staff comes first, whatever the date', () => {
    expect(intensityHold({ screenedAt: d('2024-01-01T00:00:00Z'), needsClearance: true }, now)).toBe('clearance');
  });
});
