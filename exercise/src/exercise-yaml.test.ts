import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@gym/shared/errors.ts';
import { CATALOGUE } from './catalogue.ts';
import { catalogueWithYaml, parseExerciseYaml } from './exercise-yaml.ts';
import { generateSequence } from './testing/generator.ts';
import { replayFrames } from './testing/replay.ts';

const fixture = (name: string) => ({ source: `fixtures/${name}`, text: readFileSync(join(import.meta.dirname, 'testing/fixtures', name), 'utf8') });

describe('no-code exercises (YAML)', () => {
  it('an exercise defined in a YAML file is recognised and counted; without it the movement is unknown', () => {
    const catalogue = catalogueWithYaml([fixture('side-leg-raise.yaml')]);
    expect(catalogue).toHaveLength(CATALOGUE.length + 1);
    const seq = generateSequence({ motion: 'side_leg_raise', seed: 5, yaw: 0, reps: 7 });
    const withYaml = replayFrames(seq.frames, { catalogue }).summary;
    expect(withYaml).toMatchObject({ exercise: 'side_leg_raise', reps: 7 });
    const without = replayFrames(seq.frames).summary;
    expect(without.exercise).toBeNull();
    expect(without.reps).toBe(7);
  });

  it('refuses a bad definition at start, naming the file and each bad field', () => {
    let err: unknown;
    try {
      catalogueWithYaml([fixture('bad-exercise.yaml')]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const { source, issues } = err as ConfigError;
    expect(source).toBe('fixtures/bad-exercise.yaml');
    expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(['signal.feature', 'recognise.0']));
    expect(issues.find((i) => i.field === 'recognise.0')?.message).toMatch(/min or max/);
  });

  it('refuses YAML syntax errors and names that repeat a built-in exercise', () => {
    expect(() => parseExerciseYaml({ source: 'x.yaml', text: 'name: [unclosed' })).toThrow(/x\.yaml[\s\S]*\(syntax\)/);
    const dup = fixture('side-leg-raise.yaml');
    expect(() => catalogueWithYaml([{ ...dup, text: dup.text.replace('name: side_leg_raise', 'name: squat') }])).toThrow(/name: exercise "squat" is already defined/);
  });
});
