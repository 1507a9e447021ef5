/**
 * Labels of a rendered re-identification set (`gym.ml.identity-crops/1`), written by `footage/src/identities/cli.ts`
 * beside the crops (`crops/<id>_<view>.jpg`, 128×256, the person box stretched as the worker's body embedder does)
 * and read by `ml/reid/`. Every view of a person is a different camera: angle, distance, height, lens, lighting,
 * colour cast and background are drawn per view, so two views of one person never share a camera.
 */
import { z } from 'zod';

export const IDENTITY_CROPS_FORMAT = 'gym.ml.identity-crops/1';

export const IdentityCrop = z.object({
  file: z.string().min(1),
  id: z.number().int().nonnegative(),
  view: z.number().int().nonnegative(),
  pose: z.string().min(1),
  /** Camera azimuth relative to the person's facing, degrees: 0 front, 180 back. */
  azimuthDeg: z.number(),
  distanceM: z.number().positive(),
  /** The person's height in the rendered frame, pixels (before the crop is scaled to 256). */
  boxHeightPx: z.number().nonnegative(),
});
export type IdentityCrop = z.infer<typeof IdentityCrop>;

export const IdentityCrops = z.object({
  format: z.literal(IDENTITY_CROPS_FORMAT),
  seed: z.number().int(),
  count: z.number().int().positive(),
  views: z.number().int().positive(),
  width: z.literal(128),
  height: z.literal(256),
  /** Hash of the generator's sources and arguments: the same hash renders the same crops. */
  generatorHash: z.string(),
  crops: z.array(IdentityCrop),
});
export type IdentityCrops = z.infer<typeof IdentityCrops>;
