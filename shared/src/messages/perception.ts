import { z } from 'zod';
import { Box, Embedding, EpochMs, Id, SkeletonWire } from './primitives.ts';

/** Version of the worker → server perception protocol. */
export const PERCEPTION_PROTOCOL = 1 as const;

export const TrackQuality = z.object({
  /** Detector confidence 0..1. */
  score: z.number().min(0).max(1),
  /** Box height in pixels of the analysed frame. */
  heightPx: z.number().nonnegative().optional(),
  /** Mean landmark visibility 0..1. */
  visibility: z.number().min(0).max(1).optional(),
  /** Overlap with other boxes 0..1 (IoU with the most overlapping other track). */
  occlusion: z.number().min(0).max(1).optional(),
});

export const PerceivedTrack = z.object({
  /** Per-camera track id from the worker's tracker, stable while the person stays in view. */
  trackId: z.number().int().nonnegative(),
  box: Box,
  quality: TrackQuality,
  /** 33 MediaPipe landmarks, x/y normalised to the frame; null when pose failed for this crop. */
  skeleton: SkeletonWire.nullable(),
  bodyEmbedding: Embedding.optional(),
  face: z
    .object({ box: Box, embedding: Embedding.optional(), score: z.number().min(0).max(1) })
    .optional(),
});
export type PerceivedTrack = z.infer<typeof PerceivedTrack>;
export type PerceivedTrackInput = z.input<typeof PerceivedTrack>;

/** One analysed frame of one camera. */
export const PerceptionFrame = z.object({
  v: z.literal(PERCEPTION_PROTOCOL),
  cameraId: Id,
  /** Capture time of the frame from the stream (RTP-derived), ms since epoch. */
  frameTs: EpochMs,
  /** Worker's frame counter for this camera; gaps mean dropped frames. */
  seq: z.number().int().nonnegative(),
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
  tracks: z.array(PerceivedTrack).max(64),
});
export type PerceptionFrame = z.infer<typeof PerceptionFrame>;
export type PerceptionFrameInput = z.input<typeof PerceptionFrame>;

/** Periodic health report of a worker page (to the supervisor and the server). */
export const WorkerStats = z.object({
  workerId: Id,
  cameras: z.array(
    z.object({
      cameraId: Id,
      decodedFrames: z.number().int().nonnegative(),
      analysedFps: z.number().nonnegative(),
      droppedFrames: z.number().int().nonnegative(),
      width: z.number().int().nonnegative(),
      height: z.number().int().nonnegative(),
      lastFrameTs: EpochMs.nullable(),
      stageMs: z.record(z.string(), z.number().nonnegative()).default({}),
    }),
  ),
  backend: z.enum(['webgpu', 'webgl', 'wasm', 'none']),
  at: EpochMs,
});
export type WorkerStats = z.infer<typeof WorkerStats>;
