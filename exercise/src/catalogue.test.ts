import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { CATALOGUE, parseCatalogue } from './catalogue.ts';
import { Catalogue } from './catalogue.schema.ts';
import { generateSequence } from './testing/generator.ts';
import { replayFrames } from './testing/replay.ts';

describe('exercise catalogue', () => {
  it('holds the twelve required exercises, each with a counting signal and recognition rules', () => {
    const names = CATALOGUE.map((e) => e.name);
    for (const n of ['squat', 'push_up', 'pull_up', 'biceps_curl', 'shoulder_press', 'bench_press', 'lunge', 'deadlift', 'jumping_jack', 'sit_up', 'lateral_raise', 'front_raise'])
      expect(names).toContain(n);
  });

  it('refuses a bad entry and names the field', () => {
    const bad = [{ ...CATALOGUE[0]!, signal: { ...CATALOGUE[0]!.signal, feature: 'tail_angle' } }];
    expect(() => parseCatalogue(bad)).toThrow(ZodError);
    try {
      parseCatalogue(bad);
    } catch (e) {
      expect((e as ZodError).issues[0]!.path).toEqual([0, 'signal', 'feature']);
    }
    const dup = Catalogue.safeParse([CATALOGUE[0], CATALOGUE[0]]);
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]?.message).toBe('duplicate exercise "squat"');
  });

  it('a new exercise is data only: a side leg raise entry is recognised and counted', () => {
    const catalogue = parseCatalogue([
      ...CATALOGUE,
      {
        name: 'side_leg_raise',
        label: 'Side leg raise',
        signal: { feature: 'hipL', rest: 'high', minRange: 25, fullRange: 60, concentric: 'toFar' },
        views: ['front'],
        recognise: [
          { feature: 'torsoIncline', stat: 'rest', max: 30 },
          { feature: 'hipAboveAnkle', stat: 'rest', min: 1 },
          { feature: 'knee', stat: 'amp', max: 25 },
          { feature: 'ankleSpread', stat: 'amp', min: 0.5 },
        ],
      },
    ]);
    const seq = generateSequence({ motion: 'side_leg_raise', seed: 5, yaw: 0, reps: 7 });
    const { summary } = replayFrames(seq.frames, { catalogue });
    expect(summary.exercise).toBe('side_leg_raise');
    expect(summary.reps).toBe(7);
  });
});
