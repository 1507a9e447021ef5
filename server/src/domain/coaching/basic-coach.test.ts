import { describe, expect, it } from 'vitest';
import { basicCoachAnswer, BASIC_COACH_INTRO, type SetFact } from './basic-coach.ts';
import { detectRedFlags } from './red-flags.ts';

const set = (sessionId: string, day: number, reps: number, form: Record<string, number> = {}): SetFact => ({
  setId: `s${day}`, sessionId, exercise: 'squat', startedAt: new Date(Date.UTC(2026, 11, day)), reps,
  meanRom: 0.82, meanConcentricMs: 1200, meanEccentricMs: 2100, formIssues: form,
});

describe('red flags', () => {
  it.each([
    ['I have chest pain', 'chest_pain'], ['feeling dizzy after the set', 'dizziness'], ['I nearly passed out', 'fainting'],
    ['sharp pain in my knee', 'sharp_or_joint_pain'], ["I can't breathe properly", 'short_of_breath'], ['I feel unwell', 'unwell'],
    ["I'm pregnant and have some bleeding", 'pregnancy_complication'], ['I get palpitations when I lift', 'chest_pain'],
    ['I heard a pop in my hamstring', 'sharp_or_joint_pain'], ['numbness in my left arm', 'neurological'], ['my vision is blurry, double vision', 'neurological'],
  ])('%s → %s', (text, kind) => expect(detectRedFlags(text)).toContain(kind));
  it('leaves ordinary questions alone', () => {
    for (const t of ['how were my squats?', 'should I add weight to bench press', 'my legs feel tired but good', 'I am confused about my program? no, just kidding: what is next', 'pop music helps me lift']) expect(detectRedFlags(t)).toEqual([]);
  });
});

describe('basic coach', () => {
  it('says it is the basic coach and compares with last time using the stored numbers', () => {
    const a = basicCoachAnswer('how did my squat go?', { sets: [set('b', 5, 10, { knee_valgus: 3 }), set('a', 2, 8)], goals: '', injuryNotes: '', intensityHold: null });
    expect(a.startsWith(BASIC_COACH_INTRO)).toBe(true);
    expect(a).toContain('10 reps of squat on 2026-12-05');
    expect(a).toContain('2 more reps than last time (8 reps of squat on 2026-12-02');
    expect(a).toContain('knee valgus: it came up 3 times');
  });
  it('holds back intensity advice while clearance is pending', () => {
    expect(basicCoachAnswer('more weight?', { sets: [set('b', 5, 10), set('a', 2, 8)], goals: '', injuryNotes: '', intensityHold: 'clearance' })).toContain('need a staff member to look at them first');
  });
});
