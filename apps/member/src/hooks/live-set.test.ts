import { describe, expect, it } from 'vitest';
import type { GymEvent } from '@gym/shared';
import { CUE_SHOW_MS, cueNow, emptyLiveSet, exerciseHeading, foldLiveEvent, isKnownNow, rangeLabel, SEEN_WINDOW_MS, shownCue } from './live-set.ts';

const me = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
const person = '33333333-3333-4333-8333-333333333333';
const rep = (count: number, memberId: string | null): GymEvent => ({ type: 'rep', at: 1, personId: person, memberId, exercise: 'squat', count, startTs: 0, endTs: 1, rom: 0.9, concentricMs: 800, eccentricMs: 1200 });

describe('foldLiveEvent', () => {
  it('counts my reps, ignores another member, and keeps a finished set', () => {
    let s = foldLiveEvent(emptyLiveSet, { type: 'set', at: 1, phase: 'started', personId: person, memberId: me, setId: 's1', exercise: 'squat', reps: 0 }, me, 1000);
    s = foldLiveEvent(s, rep(1, me), me, 1100);
    s = foldLiveEvent(s, rep(2, me), me, 1200);
    s = foldLiveEvent(s, rep(7, other), me, 1300);
    expect(s).toMatchObject({ exercise: 'squat', reps: 2, lastRep: { concentricMs: 800, eccentricMs: 1200 }, seenAt: 1200 });
    // The engine's finding is shown to every member (no coach cue needed: a member without the coaching consent gets none);
    // the coach's rate-limited cue takes its place while fresh.
    s = foldLiveEvent(s, { type: 'form.cue', at: 1, personId: person, memberId: me, exercise: 'squat', rule: 'squat.depth', severity: 'warn', message: 'Go deeper', measured: { feature: 'knee', stat: 'min', value: 118, threshold: 115, aim: 'below', unit: '°', explanation: 'knee 118°' } }, me, 1300);
    expect(s.cue).toBeNull();
    expect(shownCue(s, 1300)).toMatchObject({ rule: 'squat.depth', message: 'Go deeper', severity: 'warn' });
    expect(shownCue(s, 1300 + CUE_SHOW_MS)).toBeNull();
    expect(shownCue(foldLiveEvent(emptyLiveSet, { type: 'form.cue', at: 1, personId: person, memberId: other, exercise: 'squat', rule: 'squat.depth', severity: 'warn', message: 'Not mine' }, me, 1300), 1300)).toBeNull();
    s = foldLiveEvent(s, { type: 'coach.cue', at: 1, personId: person, memberId: other, exercise: 'squat', key: 'squat.depth', text: 'Not mine', severity: 'warn', source: 'form' }, me, 1300);
    expect(s.cue).toBeNull();
    s = foldLiveEvent(s, { type: 'coach.cue', at: 1, personId: person, memberId: me, exercise: 'squat', key: 'squat.depth', text: 'Go deeper (knee 118°, aim < 115°)', severity: 'warn', source: 'form' }, me, 1300);
    expect(s.cue).toEqual({ rule: 'squat.depth', severity: 'warn', message: 'Go deeper (knee 118°, aim < 115°)', at: 1300 });
    expect(cueNow(s, 1300 + CUE_SHOW_MS - 1)?.message).toBe('Go deeper (knee 118°, aim < 115°)');
    expect(cueNow(s, 1300 + CUE_SHOW_MS)).toBeNull();
    expect(shownCue(s, 1300)?.message).toBe('Go deeper (knee 118°, aim < 115°)');
    s = foldLiveEvent(s, { type: 'set', at: 1, phase: 'ended', personId: person, memberId: me, setId: 's1', exercise: 'squat', reps: 2 }, me, 1400);
    expect(s.setsDone).toEqual([{ exercise: 'squat', reps: 2 }]);
  });

  it('knows the member only while a camera saw them recently', () => {
    expect(isKnownNow(emptyLiveSet, 0)).toBe(false);
    const s = foldLiveEvent(emptyLiveSet, { type: 'identity.resolved', at: 1, personId: person, memberId: me, via: 'checkin', confidence: 1 }, me, 5000);
    expect(isKnownNow(s, 5000 + SEEN_WINDOW_MS - 1)).toBe(true);
    expect(isKnownNow(s, 5000 + SEEN_WINDOW_MS)).toBe(false);
    expect(foldLiveEvent(emptyLiveSet, { type: 'identity.resolved', at: 1, personId: person, memberId: other, via: 'face', confidence: 1 }, me, 5000).seenAt).toBeNull();
  });
});

describe('the Now page words', () => {
  const name = (id: string) => id.toUpperCase();
  it('"Counting…" before the engine names the exercise, its name after', () => {
    expect(exerciseHeading('unknown', true, name)).toBe('Counting…');
    expect(exerciseHeading('squat', true, name)).toBe('SQUAT');
    expect(exerciseHeading(null, true, name)).toBe('Start an exercise in view of a camera');
    expect(exerciseHeading(null, false, name)).toBe('No exercise yet');
  });
  it('a rep past the calibrated range reads "full range", never over 100 %', () => {
    expect(rangeLabel(1.21)).toBe('full range');
    expect(rangeLabel(1)).toBe('full range');
    expect(rangeLabel(0.83)).toBe('range 83%');
  });
});
