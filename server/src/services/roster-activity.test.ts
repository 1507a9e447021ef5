import { describe, expect, it } from 'vitest';
import type { GymEvent } from '@gym/shared';
import { RosterActivity } from './roster-activity.ts';

const P = '00000000-0000-4000-8000-000000000001';
const set = (phase: 'started' | 'ended', reps: number) => ({ type: 'set', at: 1, phase, personId: P, memberId: null, setId: 's1', exercise: 'squat', reps }) as GymEvent;
const rep = (count: number) => ({ type: 'rep', at: 1, personId: P, memberId: null, exercise: 'squat', count, startTs: 0, endTs: 1, rom: 0.9, concentricMs: 800, eccentricMs: 1200 }) as GymEvent;

describe('RosterActivity', () => {
  it('follows a set from start through reps and forgets it when it ends', () => {
    const a = new RosterActivity();
    expect(a.of(P)).toBeNull();
    a.onEvent(set('started', 0));
    expect(a.of(P)).toEqual({ exercise: 'squat', reps: 0 });
    a.onEvent(rep(1));
    a.onEvent(rep(2));
    expect(a.of(P)).toEqual({ exercise: 'squat', reps: 2 });
    a.onEvent(set('ended', 2));
    expect(a.of(P)).toBeNull();
  });
});
