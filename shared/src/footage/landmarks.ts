/**
 * Per-frame landmark truth of a rendered clip (`gym.footage-landmarks/1`, the file a truth file's `landmarksFile`
 * names), as JSON lines: a header, then one line per frame with every person's 33 MediaPipe landmarks projected
 * from the rig, `[x px, y px, depth m]` (image pixels from the top-left; depth along the camera axis, ≤ 0 behind
 * it). Self-occlusion is not modelled: a landmark hidden behind the body still has its position.
 *
 *   {"format":"gym.footage-landmarks/1","clip":"squat-front","fps":10,"width":640,"height":480,"people":["p1"],"landmarks":[…33 names]}
 *   {"i":0,"t":0,"people":{"p1":[[312.4,96.1,2.91], … 33]}}
 */
import { z } from 'zod';
import { LANDMARK_COUNT, POSE_LANDMARKS } from '../landmarks.ts';

export const FOOTAGE_LANDMARKS_FORMAT = 'gym.footage-landmarks/1';

export const FootageLandmarksHeader = z.object({
  format: z.literal(FOOTAGE_LANDMARKS_FORMAT),
  clip: z.string(),
  fps: z.number().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  people: z.array(z.string()),
  landmarks: z.array(z.string()).length(LANDMARK_COUNT),
});
export type FootageLandmarksHeader = z.infer<typeof FootageLandmarksHeader>;

const Point = z.tuple([z.number(), z.number(), z.number()]);
export const FootageLandmarksFrame = z.object({
  i: z.number().int().nonnegative(),
  t: z.number().nonnegative(),
  people: z.record(z.string(), z.array(Point).length(LANDMARK_COUNT)),
});
export type FootageLandmarksFrame = z.infer<typeof FootageLandmarksFrame>;

export interface FootageLandmarks { header: FootageLandmarksHeader; frames: FootageLandmarksFrame[] }

/** Parses a whole landmarks file (a clip's worth: a few MB at most); a bad line is refused with its number. */
export function parseFootageLandmarks(text: string): FootageLandmarks {
  const lines = text.split('\n').filter((l) => l.trim());
  const parse = <T>(schema: z.ZodType<T>, i: number): T => {
    const r = schema.safeParse(JSON.parse(lines[i]!));
    if (!r.success) throw new Error(`landmarks line ${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return r.data;
  };
  const header = parse(FootageLandmarksHeader, 0);
  if (header.landmarks.some((n, i) => n !== POSE_LANDMARKS[i])) throw new Error('landmarks line 1: landmark names are not in MediaPipe order');
  const frames: FootageLandmarksFrame[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = parse(FootageLandmarksFrame, i);
    frames[f.i] = f;
  }
  return { header, frames };
}

/** Whether a truth landmark lies inside the image and in front of the camera. */
export function inImage(p: readonly [number, number, number], h: Pick<FootageLandmarksHeader, 'width' | 'height'>): boolean {
  return p[2] > 0 && p[0] >= 0 && p[1] >= 0 && p[0] < h.width && p[1] < h.height;
}
