import { describe, expect, it } from 'vitest';
import { holdSentence, intensityHoldReply, INTENSITY_HOLD_REPLY, type SetFact } from './basic-coach.ts';
import { allowedNumbers, basicSetSummary, givesIntensityAdvice, numbersIn, summaryNumbersOk, textGivesIntensityAdvice } from './set-summary.ts';

const set = (sessionId: string, day: number, reps: number, form: Record<string, number> = {}): SetFact => ({
  setId: `s${day}`, sessionId, exercise: 'squat', startedAt: new Date(Date.UTC(2026, 11, day)), reps,
  meanRom: 0.82, meanConcentricMs: 1250, meanEccentricMs: 2100, formIssues: form,
});

describe('summary number check', () => {
  const latest = set('b', 5, 10, { knee_valgus: 3 });
  const prev = set('a', 2, 8);
  const allowed = allowedNumbers([latest], [prev]);

  it('reads integers, decimals and dates', () => expect(numbersIn('10 reps, 1.3 s, 82% on 2026-12-05')).toEqual(['10', '1.3', '82', '2026-12-05']));
  it('accepts the stored numbers and the change since last time', () => {
    expect(summaryNumbersOk({ headline: '10 squats', body: '2 more than last time (8); range 82%, 1.3 s up, 2.1 s down, valgus 3 times.', suggestions: ['Knees out.'] }, allowed)).toEqual({ ok: true, bad: [] });
  });
  it('refuses any other number', () => {
    expect(summaryNumbersOk({ headline: '12 squats', body: 'range 90%', suggestions: ['add 5 kg'] }, allowed)).toEqual({ ok: false, bad: ['12', '90', '5'] });
  });
  it('names engine form rules without their exercise prefix', () => {
    expect(basicSetSummary(set('b', 5, 10, { 'squat.knee_valgus': 2 }), prev, null).suggestions[0]).toBe('Next set, focus on knee valgus: slow down and keep it under control.');
  });
  it('the basic summary passes its own check', () => {
    const s = basicSetSummary(latest, prev, null);
    expect(s.headline).toBe('10 reps of squat');
    expect(summaryNumbersOk(s, allowed).ok).toBe(true);
  });
});

describe('intensity advice (held back while a PAR-Q+ hold is on)', () => {
  const s = (suggestion: string) => ({ headline: '10 squats', body: 'Good set.', suggestions: [suggestion] });
  it.each(['Add a little weight next time.', 'Go heavier on the next set.', 'Try more reps next set.', 'Increase the load.'])('%s → advice', (x) => expect(givesIntensityAdvice(s(x))).toBe(true));
  it.each(['Keep the same load.', 'Push your knees out.', 'Slow down the lowering phase.'])('%s → none', (x) => expect(givesIntensityAdvice(s(x))).toBe(false));
  it.each(['Go for 60 kg next time.', 'Do 2 more sets.', 'Put on another plate.', 'Time for some progressive overload.', 'Add extra load.'])('chat: %s → advice', (x) => expect(textGivesIntensityAdvice(x)).toBe(true));
  it.each(['Eleven squats, three more than last time.', 'Keep your chest up and knees out.', INTENSITY_HOLD_REPLY])('chat: %s → none', (x) => expect(textGivesIntensityAdvice(x)).toBe(false));
  it.each(['clearance', 'screening_missing', 'screening_expired'] as const)('under a %s hold: the basic summary, the reply and the hold sentence give none, and say why', (hold) => {
    const sum = basicSetSummary(set('b', 5, 10), set('a', 2, 8), hold);
    expect(givesIntensityAdvice(sum)).toBe(false);
    expect(textGivesIntensityAdvice(intensityHoldReply(hold))).toBe(false);
    expect(textGivesIntensityAdvice(holdSentence(hold))).toBe(false);
    expect(sum.suggestions.join(' ')).toMatch(hold === 'clearance' ? /staff member has cleared/ : hold === 'screening_expired' ? /more than 12 months old/ : /no health screening/);
  });
});
