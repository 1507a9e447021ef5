/** Exercise classes of the TCN models. */
import type { MotionName } from '@gym/exercise/testing/motions.ts';

/**
 * The classes of exercise-tcn v1 (the model's outputs, in order). Fixed: the generator has since learnt more
 * movements (rows, dips, holds, …); a v2 model would add them with a new dataset and manifest.
 */
export const V1_MOTIONS = [
  'squat', 'push_up', 'pull_up', 'biceps_curl', 'shoulder_press', 'bench_press', 'lunge', 'deadlift',
  'jumping_jack', 'sit_up', 'lateral_raise', 'front_raise', 'sway', 'side_leg_raise',
] as const satisfies readonly MotionName[];
export const CLASSES = ['none', ...V1_MOTIONS.filter((m) => m !== 'sway')] as const;
