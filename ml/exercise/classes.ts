/** Exercise classes of the TCN models. */
import type { MotionName } from '@gym/exercise/testing/motions.ts';
import { CATALOGUE_MOTIONS, HOLD_CATALOGUE_MOTIONS } from '@gym/exercise/testing/scenarios.ts';
import { NON_EXERCISE, type NonExercise } from '@gym/exercise/testing/walkers.ts';

/**
 * The classes of exercise-tcn v2 (the model's outputs, in order): `none`, then every catalogue exercise the
 * generator performs (19 rep exercises and the two timed holds, plank and wall-sit). Fixed for this model: a new
 * catalogue exercise needs a new dataset, training and manifest (the manifest's `output.classes` is what the
 * runtime reads).
 */
export const V2_MOTIONS = [...CATALOGUE_MOTIONS, ...HOLD_CATALOGUE_MOTIONS] as const satisfies readonly MotionName[];
export const CLASSES = ['none', ...V2_MOTIONS] as const;
/**
 * What the dataset labels `none`: standing and shifting weight (`sway`), an unknown periodic movement that is
 * not in the catalogue (`side_leg_raise`), and the walkers' non-exercise (walking across the frame, towards the
 * camera, with turns, talking with the hands, turning on the spot, picking something up, idle).
 */
export const NONE_MOTIONS = ['sway', 'side_leg_raise'] as const satisfies readonly MotionName[];
export const NONE_WALKERS: readonly NonExercise[] = NON_EXERCISE;
