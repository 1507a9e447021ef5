import { describe, expect, it } from 'vitest';
import { generateSequence, type SequenceOptions } from './testing/generator.ts';
import type { Fault, MotionName } from './testing/motions.ts';
import { replayFrames } from './testing/replay.ts';

interface Case { motion: MotionName; fault: Fault; rule: string; yaw: number }

// Each fault is seen from a view where it is visible (valgus from the front, depth and hinge faults from the side).
const CASES: Case[] = [
  { motion: 'squat', fault: 'valgus', rule: 'squat.knee_valgus', yaw: 0 },
  { motion: 'squat', fault: 'shallow', rule: 'squat.depth', yaw: 70 },
  { motion: 'deadlift', fault: 'round_back', rule: 'deadlift.back_rounding', yaw: 80 },
  { motion: 'push_up', fault: 'hip_sag', rule: 'push_up.hip_sag', yaw: 80 },
  { motion: 'push_up', fault: 'partial', rule: 'push_up.depth', yaw: 80 },
  { motion: 'shoulder_press', fault: 'partial', rule: 'shoulder_press.partial_lockout', yaw: 20 },
  { motion: 'shoulder_press', fault: 'asymmetric', rule: 'shoulder_press.asymmetry', yaw: 0 },
  { motion: 'biceps_curl', fault: 'swing', rule: 'biceps_curl.swinging', yaw: 70 },
  { motion: 'biceps_curl', fault: 'partial', rule: 'biceps_curl.partial', yaw: 70 },
  { motion: 'lateral_raise', fault: 'asymmetric', rule: 'lateral_raise.asymmetry', yaw: 0 },
  { motion: 'jumping_jack', fault: 'partial', rule: 'jumping_jack.partial', yaw: 0 },
  { motion: 'pull_up', fault: 'partial', rule: 'pull_up.partial', yaw: 20 },
];

function formRules(o: SequenceOptions): { rules: Set<string>; reps: number; exercise: string | null } {
  const { events, summary } = replayFrames(generateSequence(o).frames);
  return { rules: new Set(events.flatMap((e) => (e.type === 'form' ? [e.rule] : []))), reps: summary.reps, exercise: summary.exercise };
}

describe('form rules', () => {
  it.each(CASES)('$rule fires on faulty reps ($motion, $fault) and stays quiet on clean ones', ({ motion, fault, rule, yaw }) => {
    const faulty = formRules({ motion, seed: 31, yaw, reps: 6, faults: [fault] });
    expect(faulty.exercise).toBe(motion);
    expect(faulty.rules).toContain(rule);
    const clean = formRules({ motion, seed: 31, yaw, reps: 6 });
    expect(clean.exercise).toBe(motion);
    expect([...clean.rules]).toEqual([]);
  });
});

describe('explained form cues', () => {
  it('a shallow squat cue carries the measured knee angle at the bottom and the threshold to beat', () => {
    const { events } = replayFrames(generateSequence({ motion: 'squat', seed: 31, yaw: 70, reps: 6, faults: ['shallow'] }).frames);
    const cues = events.filter((e) => e.type === 'form' && e.rule === 'squat.depth');
    expect(cues.length).toBeGreaterThan(0);
    for (const c of cues) {
      if (c.type !== 'form') continue;
      expect(c.measured).toMatchObject({ feature: 'knee', stat: 'far', threshold: 115, aim: 'below', unit: '°' });
      expect(c.measured!.value).toBeGreaterThanOrEqual(115);
      expect(c.measured!.explanation).toBe(`knee angle ${c.measured!.value.toFixed(0)}° at the bottom; aim for under 115°`);
    }
  });

  it('an explained cue reads a "max" rule the other way (hips sagging: aim over the line angle)', () => {
    const { events } = replayFrames(generateSequence({ motion: 'push_up', seed: 31, yaw: 80, reps: 6, faults: ['hip_sag'] }).frames);
    const cue = events.find((e) => e.type === 'form' && e.rule === 'push_up.hip_sag');
    expect(cue?.type === 'form' && cue.measured).toMatchObject({ aim: 'above', threshold: 155 });
    expect(cue?.type === 'form' && cue.measured!.explanation).toMatch(/^shoulder-hip-ankle line \d+° at its lowest; aim for over 155°$/);
  });
});
