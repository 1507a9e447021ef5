import { describe, expect, it } from 'vitest';
import { screeningAsk } from './screening-due.ts';

describe('the member app asks for the health screening', () => {
  it('when 12 months old: the yearly check, with the date last answered and why it matters', () => {
    const ask = screeningAsk({ screeningDue: true, screenedAt: '2025-11-30T09:00:00.000Z' });
    expect(ask?.title).toBe('Your yearly health check is due');
    expect(ask?.text).toContain('2025-11-30');
    expect(ask?.text).toContain('won’t suggest more weight');
  });
  it('when never answered', () => expect(screeningAsk({ screeningDue: true, screenedAt: null })?.title).toBe('Please answer the health questions'));
  it('not when current, nor before the profile loaded', () => {
    expect(screeningAsk({ screeningDue: false, screenedAt: '2026-06-01T09:00:00.000Z' })).toBeNull();
    expect(screeningAsk(undefined)).toBeNull();
  });
});
