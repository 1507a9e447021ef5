import { describe, expect, it } from 'vitest';
import { CueGate, formCue, MAX_CUE_CHARS, tempoCue, type Cue } from './in-set-cues.ts';

const cue = (key: string, severity: Cue['severity'] = 'warn'): Cue => ({ key, text: key, severity, source: 'form' });

describe('the in-set cue gate', () => {
  it('lets one cue through per 10 s per member, whatever comes in between', () => {
    const g = new CueGate({ minGapMs: 10_000, safetyGapMs: 4_000 });
    const sent = [0, 1_000, 2_000, 5_000, 9_999, 10_000, 12_000, 20_500].filter((t, i) => g.offer('m1', cue(`rule${i}`), t));
    expect(sent).toEqual([0, 10_000, 20_500]);
    // Another member has a gate of their own.
    expect(g.offer('m2', cue('rule1'), 1_000)).toBe(true);
  });

  it('never the same cue twice in a row, however long apart, until a new set starts', () => {
    const g = new CueGate({ minGapMs: 10_000, safetyGapMs: 4_000 });
    expect(g.offer('m', cue('squat.depth'), 0)).toBe(true);
    expect(g.offer('m', cue('squat.depth'), 60_000)).toBe(false);
    g.newSet('m');
    expect(g.offer('m', cue('squat.depth'), 61_000)).toBe(true);
    expect(g.offer('m', cue('tempo.eccentric'), 72_000)).toBe(true);
    expect(g.offer('m', cue('squat.depth'), 83_000)).toBe(true);
  });

  it('a safety cue comes first: after 4 s instead of 10 s', () => {
    const g = new CueGate({ minGapMs: 10_000, safetyGapMs: 4_000 });
    expect(g.offer('m', cue('tempo.eccentric', 'info'), 0)).toBe(true);
    expect(g.offer('m', cue('squat.depth', 'warn'), 4_500)).toBe(false);
    expect(g.offer('m', cue('squat.knee_valgus', 'bad'), 3_000)).toBe(false);
    expect(g.offer('m', cue('squat.knee_valgus', 'bad'), 4_500)).toBe(true);
    expect(g.offer('m', cue('squat.depth', 'warn'), 9_000)).toBe(false);
  });
});

describe('templated cues', () => {
  it('short, with the measured value when it fits', () => {
    const c = formCue('squat.depth', 'warn', 'Squat deeper: bring your hips down to knee height.', { feature: 'knee', stat: 'far', value: 118.4, threshold: 115, aim: 'below', unit: '°', explanation: 'knee angle 118° at the bottom; aim for under 115°' });
    expect(c).toEqual({ key: 'squat.depth', text: 'Go deeper (knee 118°, aim < 115°)', severity: 'warn', source: 'form' });
    expect(formCue('squat.knee_valgus', 'bad', 'Knees caving in: push them out over your toes.').text).toBe('Knees out');
    // A rule with no template: the first clause of the engine's message.
    expect(formCue('plank.sag', 'warn', 'Hips too low: lift them.').text).toBe('Hips too low');
    const long = formCue('x.y', 'info', 'A'.repeat(200), { feature: 'a-very-long-feature-name', stat: 'far', value: 1234.5, threshold: 1000, aim: 'below', unit: 'mm', explanation: '' });
    expect(long.text.length).toBeLessThanOrEqual(MAX_CUE_CHARS);
  });

  it('tempo: a rushed lowering or a short range; nothing for a good rep', () => {
    expect(tempoCue({ concentricMs: 900, eccentricMs: 500, rom: 0.9 })?.text).toBe('Lower slower: 0.5 s, aim for 2 s');
    expect(tempoCue({ concentricMs: 900, eccentricMs: 2000, rom: 0.5 })?.key).toBe('tempo.range');
    expect(tempoCue({ concentricMs: 1200, eccentricMs: 2100, rom: 0.9 })).toBeNull();
  });
});
