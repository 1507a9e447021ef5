/**
 * Ground truth of a rendered clip (`gym.footage-truth/1`), written by the footage renderer beside each MP4
 * (`<clip>.mp4` + `<clip>.truth.json`) and read by the exercise-engine and pose benches, the e2e whole-loop test
 * and ml/. Times are seconds from the first frame. Per-frame landmark truth (2D image positions of every MediaPipe
 * landmark projected from the rig) lives in the file named by `landmarksFile` (format described by its header).
 */
import { z } from 'zod';

export const FOOTAGE_TRUTH_FORMAT = 'gym.footage-truth/1';

export const TruthRep = z.object({
  start: z.number().nonnegative(),
  /** Deepest point of the rep (or the top of a pull, whichever the exercise counts on). */
  bottom: z.number().nonnegative(),
  end: z.number().nonnegative(),
  /** Share of the full range the rep reached (partial reps < 1; a rep counts when ≥ `countsFrom` of the clip). */
  depth: z.number().min(0).max(1),
  /** Whether a counter should count it (partial reps at a set's start or end are rendered but not counted). */
  counted: z.boolean(),
});
export type TruthRep = z.infer<typeof TruthRep>;

export const TruthSet = z.object({
  exercise: z.string(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  reps: z.array(TruthRep),
  /** Timed holds (plank, wall-sit): seconds held; null for counted exercises. */
  holdS: z.number().nonnegative().nullable().default(null),
  /** Timed holds: when the position is reached and when it is left (the set's start/end include getting in and out); no reps. */
  hold: z.object({ start: z.number().nonnegative(), end: z.number().nonnegative() }).nullable().default(null),
});
export type TruthSet = z.infer<typeof TruthSet>;

export const TruthPerson = z.object({
  /** Stable id within the clip (`p1`, `p2`, …). */
  id: z.string(),
  role: z.enum(['exercising', 'walking', 'standing', 'talking', 'carrying']),
  /** Camera view of the person's body: 0 front, 45, 90 side (degrees, absolute). */
  viewDeg: z.number(),
  sets: z.array(TruthSet),
  /** Seconds during which the person is inside the image. */
  visible: z.array(z.tuple([z.number(), z.number()])),
});
export type TruthPerson = z.infer<typeof TruthPerson>;

export const FootageTruth = z.object({
  format: z.literal(FOOTAGE_TRUTH_FORMAT),
  clip: z.string(),
  video: z.string(),
  fps: z.number().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frames: z.number().int().positive(),
  durationS: z.number().positive(),
  camera: z.object({
    label: z.string(),
    position: z.tuple([z.number(), z.number(), z.number()]),
    target: z.tuple([z.number(), z.number(), z.number()]),
    fovDeg: z.number().positive(),
  }),
  people: z.array(TruthPerson),
  landmarksFile: z.string().nullable(),
  /** Scene description hash: same hash, same pixels and truth. */
  sceneHash: z.string(),
});
export type FootageTruth = z.infer<typeof FootageTruth>;
