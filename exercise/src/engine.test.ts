import { describe, expect, it } from 'vitest';
import { CATALOGUE, parseCatalogue } from './catalogue.ts';
import { createExerciseEngine } from './engine.ts';
import { generateSequence, type SequenceOptions } from './testing/generator.ts';
import { replayFrames } from './testing/replay.ts';
import { CATALOGUE_MOTIONS, conditionOptions, HOLD_CATALOGUE_MOTIONS, yawRange, type Condition } from './testing/scenarios.ts';
import { mulberry32 } from './testing/generator.ts';
import type { MotionName } from './testing/motions.ts';
import type { ExerciseEvent, RepCompletedEvent, SetEndedEvent } from './types.ts';

/** A view where the movement is clearly visible (catalogue `views`): side-ish for lying ones, oblique otherwise. */
const goodYaw = (m: MotionName): number => (yawRange(m)[0] >= 30 ? 70 : 30);

function run(o: SequenceOptions) {
  const seq = generateSequence(o);
  return { seq, ...replayFrames(seq.frames) };
}

describe('exercise engine: clean sequences', () => {
  it('covers every catalogue exercise with the generator', () => {
    expect(CATALOGUE.map((e) => e.name).sort()).toEqual([...CATALOGUE_MOTIONS, ...HOLD_CATALOGUE_MOTIONS].sort());
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOLD_CATALOGUE_MOTIONS)('%s: a timed hold is one set with the time held, and no reps', (motion) => {
    for (const [seed, yaw] of [[4, 50], [9, 80]] as const) {
      const { seq, events } = run({ motion, seed, yaw, holdMs: 18_000, noise: 0.003 });
      const ended = events.filter((e): e is SetEndedEvent => e.type === 'set.ended');
      expect(ended.map((e) => e.exercise)).toEqual([motion]);
      expect(ended[0]!.reps).toBe(0);
      expect(Math.abs(ended[0]!.holdMs! - seq.truth.holdMs!)).toBeLessThan(3000);
      expect(events.some((e) => e.type === 'rep')).toBe(false);
    }
  });

  it.each(CATALOGUE_MOTIONS)('%s: counts every rep exactly and names the exercise', (motion) => {
    const { seq, summary, events } = run({ motion, seed: 11, yaw: goodYaw(motion), reps: 7, noise: 0.001 });
    expect(summary.reps).toBe(seq.truth.reps);
    expect(summary.exercise).toBe(motion);
    const recognised = events.findLast((e) => e.type === 'exercise');
    expect(recognised && recognised.type === 'exercise' && recognised.confidence).toBeGreaterThan(0.5);
  });
});

const ROBUST: Condition[] = ['noise', 'occlusion', 'dropped', 'box', 'fps', 'idle', 'missing'];

describe('exercise engine: counting under real-world corruption (within one rep)', () => {
  for (const cond of ROBUST) {
    it(`${cond}: every exercise within ±1`, () => {
      const r = mulberry32(1000 + ROBUST.indexOf(cond));
      const misses: string[] = [];
      for (const motion of CATALOGUE_MOTIONS) {
        const [y0, y1] = yawRange(motion);
        const o: SequenceOptions = { motion, seed: Math.floor(r() * 1e9), yaw: y0 + r() * (y1 - y0), reps: 5 + Math.floor(r() * 6), ...conditionOptions(cond, r) };
        // Known limit: a movement of one leg at a time loses the reps of a leg that is hidden (docs/exercise-engine.md).
        if (cond === 'occlusion' && motion === 'mountain_climber') continue;
        const { seq, summary } = run(o);
        if (Math.abs(summary.reps - seq.truth.reps) > 1) misses.push(`${motion}: ${summary.reps} for ${seq.truth.reps}`);
      }
      expect(misses).toEqual([]);
    });
  }

  it('uses timestamps, not the header frame rate: 15 fps and 60 fps give the same count', () => {
    for (const fps of [15, 60]) {
      const { seq, summary } = run({ motion: 'squat', seed: 5, yaw: 40, reps: 8, fps, headerFps: 30 });
      expect(summary.reps).toBe(seq.truth.reps);
    }
  });
});

describe('exercise engine: sets, people, non-reps', () => {
  it('splits two sets at the rest between them', () => {
    const { events } = run({ motion: 'biceps_curl', seed: 3, yaw: 30, reps: 6, sets: 2, restMs: 30_000 });
    const ended = events.filter((e): e is SetEndedEvent => e.type === 'set.ended');
    expect(ended.map((e) => [e.exercise, e.reps])).toEqual([['biceps_curl', 6], ['biceps_curl', 6]]);
    expect(events.filter((e) => e.type === 'set.started')).toHaveLength(2);
  });

  it('reports sets as a lifter sees them: the rest between sets, and each set\'s tempo and range', () => {
    const { events } = run({ motion: 'biceps_curl', seed: 3, yaw: 30, reps: 6, sets: 2, restMs: 30_000 });
    const started = events.filter((e) => e.type === 'set.started');
    const ended = events.filter((e): e is SetEndedEvent => e.type === 'set.ended');
    expect(started[0]).not.toHaveProperty('restMs');
    // The generator rests 30 s after the last rep; the next set starts when the first rep leaves rest.
    const rest = started[1]?.type === 'set.started' ? started[1].restMs : undefined;
    expect(rest).toBeGreaterThan(29_000);
    expect(rest).toBeLessThan(32_000);
    expect(rest).toBeCloseTo(started[1]!.type === 'set.started' ? started[1]!.startT - ended[0]!.endT : NaN, -1);
    for (const s of ended) {
      // 2.2 s per rep at speed 1 (±15 % tempo); a curl's rep is counted at 40 % of the way back down.
      expect(s.summary!.meanRepMs).toBeGreaterThan(1200);
      expect(s.summary!.meanRepMs).toBeLessThan(2600);
      expect(s.summary!.meanConcentricMs).toBeGreaterThan(400);
      expect(s.summary!.meanEccentricMs).toBeGreaterThan(200);
      expect(s.summary!.minRom).toBeGreaterThan(0.6);
      expect(s.summary!.minRom).toBeLessThanOrEqual(s.summary!.meanRom);
      expect(s.summary!.meanRom).toBeLessThanOrEqual(s.summary!.maxRom);
    }
  });

  it('reports each rep with increasing timestamps, range of motion and tempo', () => {
    const { events } = run({ motion: 'squat', seed: 4, yaw: 60, reps: 5 });
    const reps = events.filter((e): e is RepCompletedEvent => e.type === 'rep');
    expect(reps.map((r) => r.count)).toEqual([1, 2, 3, 4, 5]);
    for (const [i, r] of reps.entries()) {
      expect(r.startT).toBeLessThan(r.farT);
      expect(r.farT).toBeLessThan(r.endT);
      if (i) expect(r.startT).toBeGreaterThanOrEqual(reps[i - 1]!.endT - 1);
      expect(r.rom).toBeGreaterThan(0.6);
      expect(r.concentricMs).toBeGreaterThan(100);
      expect(r.eccentricMs).toBeGreaterThan(100);
    }
  });

  it('keeps two people apart: each gets their own exercise and count', () => {
    const a = generateSequence({ motion: 'squat', seed: 21, yaw: 40, reps: 9 });
    const b = generateSequence({ motion: 'jumping_jack', seed: 22, yaw: 10, reps: 14 });
    const engine = createExerciseEngine();
    const events: ExerciseEvent[] = [];
    // Interleave the two streams by time, as a camera with two people would deliver them.
    let i = 0, j = 0;
    while (i < a.frames.length || j < b.frames.length) {
      if (j >= b.frames.length || (i < a.frames.length && a.frames[i]!.t <= b.frames[j]!.t)) events.push(...engine.push('anna', a.frames[i]!.t, a.frames[i++]!.kp));
      else events.push(...engine.push('ben', b.frames[j]!.t, b.frames[j++]!.kp));
    }
    events.push(...engine.flush());
    const ended = (who: string) => events.filter((e): e is SetEndedEvent => e.type === 'set.ended' && e.personId === who).map((e) => [e.exercise, e.reps]);
    expect(ended('anna')).toEqual([['squat', 9]]);
    expect(ended('ben')).toEqual([['jumping_jack', 14]]);
  });

  it('does not count swaying or shifting weight', () => {
    for (const yaw of [0, 45, 90]) {
      const { summary, events } = run({ motion: 'sway', seed: 8 + yaw, yaw, reps: 10, noise: 0.006 });
      expect(summary.reps).toBe(0);
      expect(events.filter((e) => e.type === 'rep')).toEqual([]);
    }
  });

  it('still counts an unknown periodic movement (fallback), without naming it', () => {
    const { seq, summary } = run({ motion: 'side_leg_raise', seed: 9, yaw: 10, reps: 8 });
    expect(summary.exercise).toBeNull();
    expect(Math.abs(summary.reps - seq.truth.reps)).toBeLessThanOrEqual(1);
  });

  it('a short set that a catalogue exercise almost matches is still counted, as an unrecognised exercise', () => {
    // A squat whose recognition scores about 0.35 (under the 0.5 needed to name it, over the 0.3 at which the
    // fallback used to wait a rep longer for it): three squats and nothing after used to give no set at all.
    const squat = CATALOGUE.find((e) => e.name === 'squat')!;
    const almost = parseCatalogue([{ ...squat, altSignals: [], recognise: [{ feature: 'knee', stat: 'rest', min: 180, soft: 1000 }] }]);
    const seq = generateSequence({ motion: 'squat', seed: 5, yaw: 30, reps: 3, noise: 0.001 });
    const { summary, events } = replayFrames(seq.frames, { catalogue: almost });
    expect(summary.reps).toBe(3);
    expect(summary.exercise).toBeNull();
    expect(events.filter((e) => e.type === 'set.ended')).toHaveLength(1);
  });

  it('an unknown movement is counted by the joint that moves, not by quicker jitter of another one', () => {
    // The wrists jittering up and down three times per leg raise (as a lying lifter's hips do, seen from the feet):
    // the jitter completes three "reps" before the leg completes one, and used to start the set and count it 3×.
    const seq = generateSequence({ motion: 'side_leg_raise', seed: 9, yaw: 10, reps: 8 });
    const period = (seq.frames.at(-1)!.t - seq.frames[0]!.t) / seq.truth.reps;
    const jittered = seq.frames.map((f) => ({
      t: f.t,
      kp: f.kp && f.kp.map((p, i) => (i === 15 || i === 16 ? [p[0]!, p[1]! + 0.12 * Math.sin((2 * Math.PI * f.t) / (period / 3)), p[2]!, p[3]!] : p)),
    }));
    const { summary } = replayFrames(jittered as typeof seq.frames);
    expect(summary.exercise).toBeNull();
    expect(Math.abs(summary.reps - seq.truth.reps)).toBeLessThanOrEqual(1);
  });

  it('without the fallback, an unknown movement is not counted', () => {
    const seq = generateSequence({ motion: 'side_leg_raise', seed: 9, yaw: 10, reps: 8 });
    expect(replayFrames(seq.frames, { fallback: false }).summary.reps).toBe(0);
  });

  it('does nothing for a person who is never seen', () => {
    const engine = createExerciseEngine();
    for (let t = 0; t < 5000; t += 33) expect(engine.push('x', t, null)).toEqual([]);
    expect(engine.flush()).toEqual([]);
  });
});
