/**
 * Randomised scenarios over the generator, shared by the tests and the bench: each catalogue exercise, seen from
 * the views where it can be seen, under one of the corruption conditions a real pose pipeline produces.
 */
import { generateSequence, mulberry32, type GeneratedSequence, type SequenceOptions } from './generator.ts';
import type { MotionName } from './motions.ts';

export const CATALOGUE_MOTIONS = [
  'squat', 'push_up', 'pull_up', 'biceps_curl', 'shoulder_press', 'bench_press', 'lunge', 'deadlift',
  'jumping_jack', 'sit_up', 'lateral_raise', 'front_raise',
  'upright_row', 'bent_over_row', 'dip', 'hip_thrust', 'kettlebell_swing', 'burpee', 'mountain_climber',
] as const satisfies readonly MotionName[];
/** The catalogue's timed holds (no reps: the truth is the time held). */
export const HOLD_CATALOGUE_MOTIONS = ['plank', 'wall_sit'] as const satisfies readonly MotionName[];

/** Camera yaw range (degrees) where a movement is visible: lying exercises are not filmed head-on. */
export function yawRange(m: MotionName): [number, number] {
  switch (m) {
    case 'push_up': case 'bench_press': case 'sit_up': case 'hip_thrust': case 'mountain_climber': case 'plank': return [40, 90];
    case 'deadlift': case 'lunge': case 'kettlebell_swing': case 'bent_over_row': case 'burpee': case 'wall_sit': return [30, 90];
    case 'side_leg_raise': return [0, 40];
    case 'dip': return [20, 90];
    default: return [0, 90];
  }
}

export const CONDITIONS = ['clean', 'noise', 'occlusion', 'dropped', 'box', 'fps', 'idle', 'missing', 'everything'] as const;
export type Condition = (typeof CONDITIONS)[number];

export function conditionOptions(c: Condition, r: () => number): Partial<SequenceOptions> {
  const fps = [15, 24, 25, 30, 50, 60][Math.floor(r() * 6)]!;
  switch (c) {
    case 'clean': return { noise: 0.001, timeJitter: 0 };
    case 'noise': return { noise: 0.008 + r() * 0.006 };
    case 'occlusion': return { occlusion: 0.5 };
    case 'dropped': return { dropRate: 0.15 + r() * 0.15 };
    case 'box': return { normalise: 'box' };
    case 'fps': return { fps, headerFps: 30, timeJitter: 0.3 };
    case 'idle': return { idleMs: 8000 + r() * 8000 };
    case 'missing': return { missing: [[2500 + r() * 4000, 800 + r() * 1500]] };
    case 'everything': return { noise: 0.008, occlusion: 0.3, dropRate: 0.1, normalise: r() < 0.5 ? 'box' : 'image', fps, headerFps: 30, idleMs: 6000, missing: [[3000, 1200]] };
  }
}

export interface Scenario {
  name: string;
  options: SequenceOptions;
}

/** A reproducible set of scenarios: `seed` picks everything (use different seeds for tuning and held-out sets). */
export function scenarios(seed: number, perPair: number, motions: readonly MotionName[] = CATALOGUE_MOTIONS, conditions: readonly Condition[] = CONDITIONS): Scenario[] {
  const r = mulberry32(seed);
  const out: Scenario[] = [];
  for (const motion of motions) {
    for (const cond of conditions) {
      for (let k = 0; k < perPair; k++) {
        const [y0, y1] = yawRange(motion);
        const yaw = y0 + r() * (y1 - y0);
        const options: SequenceOptions = {
          motion, seed: Math.floor(r() * 2 ** 31), yaw: r() < 0.5 ? yaw : -yaw, pitch: -5 + r() * 20,
          reps: 4 + Math.floor(r() * 9), speed: 0.7 + r() * 0.8, tempoJitter: 0.1 + r() * 0.2,
          pauseMs: r() * 800, idleMs: 1000 + r() * 3000, aspect: [16 / 9, 4 / 3, 9 / 16][Math.floor(r() * 3)]!,
          ...conditionOptions(cond, r),
        };
        out.push({ name: `${motion}/${cond}/${k}`, options });
      }
    }
  }
  return out;
}

export function runScenario(s: Scenario): GeneratedSequence {
  return generateSequence(s.options);
}
