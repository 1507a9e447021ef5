import { z } from 'zod';
import { Text } from '../text.ts';
import { Box, Embedding, EpochMs, Id, SkeletonWire } from './primitives.ts';
import { packedShapeFast, perTrackFrameFast } from './perception-fast.ts';

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

/** Activity classes of the worker's attention policy (issue 19); the first three get the full pose rate. */
export const TRACK_ACTIVITIES = ['new', 'exercising', 'lying', 'walking', 'idle'] as const;

/** How much pose attention the worker gives a track: its activity class and the pose rate it has been getting. */
export const TrackAttention = z.object({
  activity: z.enum(TRACK_ACTIVITIES),
  /** Pose estimates per second this track got over the last few seconds. */
  poseFps: z.number().min(0).max(120),
});
export type TrackAttention = z.infer<typeof TrackAttention>;

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
  /** Present when the worker schedules pose by activity. */
  attention: TrackAttention.optional(),
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
      /** Which of the camera's streams the worker receives (`analysis`: the lower-resolution one). */
      stream: z.enum(['main', 'analysis']).default('main'),
      lastFrameTs: EpochMs.nullable(),
      stageMs: z.record(z.string(), z.number().nonnegative()).default({}),
      /** Analysed frames waiting in the sender's offline buffer (no server connection), and dropped from it since the start. */
      offlineBuffered: z.number().int().nonnegative().optional(),
      offlineDropped: z.number().int().nonnegative().optional(),
    }),
  ),
  backend: z.enum(['webgpu', 'webgl', 'wasm', 'none']),
  at: EpochMs,
});
export type WorkerStats = z.infer<typeof WorkerStats>;

// ------------------------------------------------------------------------------------------ packed form (v2)

/**
 * Version of the packed perception frame: the same content as `PerceptionFrame`, but every float vector of the
 * frame (skeletons, body and face embeddings) lives in ONE binary buffer `floats` (little-endian float32), and
 * each track names its slices of it. socket.io then sends one binary attachment per frame instead of one per
 * vector. The per-track form (`v: 1`) stays accepted.
 */
export const PERCEPTION_PROTOCOL_PACKED = 2 as const;

/** Floats per packed skeleton: 33 landmarks × [x, y, z, visibility]. */
const PACKED_SKELETON_FLOATS = 33 * 4;
const MAX_TRACKS = 64;
const MAX_EMBEDDING = 2048;
/** Largest `floats` buffer a frame can legitimately need, in float32 elements. */
export const MAX_PACKED_FLOATS = MAX_TRACKS * (PACKED_SKELETON_FLOATS + 2 * MAX_EMBEDDING);

/** A run of `length` float32 starting at element `offset` of the frame's `floats`. */
export const FloatSlice = z.object({ offset: z.number().int().nonnegative(), length: z.number().int().positive() }).strict();
export type FloatSlice = z.infer<typeof FloatSlice>;

const PackedEmbedding = z.object({ model: Text().min(1).max(64), offset: FloatSlice.shape.offset, length: z.number().int().min(8).max(MAX_EMBEDDING) }).strict();

export const PackedTrack = z.object({
  trackId: z.number().int().nonnegative(),
  box: Box,
  quality: TrackQuality,
  /** Slice of 132 floats, or null when pose failed for this crop. */
  skeleton: FloatSlice.nullable(),
  bodyEmbedding: PackedEmbedding.optional(),
  face: z.object({ box: Box, embedding: PackedEmbedding.optional(), score: z.number().min(0).max(1) }).optional(),
  attention: TrackAttention.optional(),
});
export type PackedTrack = z.infer<typeof PackedTrack>;

const PackedFrameShape = z.object({
  v: z.literal(PERCEPTION_PROTOCOL_PACKED),
  cameraId: Id,
  frameTs: EpochMs,
  seq: z.number().int().nonnegative(),
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
  /** All float vectors of the frame, float32 little-endian (socket.io delivers a Buffer). */
  floats: z.union([z.instanceof(Float32Array), z.instanceof(Uint8Array), z.instanceof(ArrayBuffer)]),
  tracks: z.array(PackedTrack).max(MAX_TRACKS),
});
export type PackedPerceptionFrameInput = z.input<typeof PackedFrameShape>;

type Slot = { offset: number; length: number; path: (string | number)[] };
const byOffset = (a: Slot, b: Slot) => a.offset - b.offset;
const noIssue: Issue = () => {};
const sliceView = (floats: Float32Array, s: FloatSlice) => floats.subarray(s.offset, s.offset + s.length);

export type PackedShape = z.output<typeof PackedFrameShape>;
type Issue = (path: (string | number)[], message: string) => void;

/**
 * Checks the slices of a shape-valid packed frame and decodes it; reports problems through `issue` and returns
 * null after the first one that stops decoding (or at the end when any was reported).
 */
function decodePacked(f: PackedShape, issue: Issue): PerceptionFrame | null {
  const raw = f.floats;
  const byteLength = raw.byteLength;
  if (byteLength % 4 !== 0) {
    issue(['floats'], `${byteLength} bytes is not a whole number of float32`);
    return null;
  }
  const total = byteLength / 4;
  if (total > MAX_PACKED_FLOATS) {
    issue(['floats'], `${total} floats is more than a frame can hold (${MAX_PACKED_FLOATS})`);
    return null;
  }
  let bad = false;
  const slots: Slot[] = [];
  const tracks = f.tracks;
  for (let i = 0; i < tracks.length; i++) {
    const t = tracks[i]!;
    if (t.skeleton) {
      if (t.skeleton.length !== PACKED_SKELETON_FLOATS) {
        bad = true;
        issue(['tracks', i, 'skeleton', 'length'], `a skeleton is ${PACKED_SKELETON_FLOATS} floats, not ${t.skeleton.length}`);
      }
      slots.push({ offset: t.skeleton.offset, length: t.skeleton.length, path: ['tracks', i, 'skeleton'] });
    }
    if (t.bodyEmbedding) slots.push({ offset: t.bodyEmbedding.offset, length: t.bodyEmbedding.length, path: ['tracks', i, 'bodyEmbedding'] });
    if (t.face?.embedding) slots.push({ offset: t.face.embedding.offset, length: t.face.embedding.length, path: ['tracks', i, 'face', 'embedding'] });
  }
  // Slices in buffer order must tile [0, total) exactly: no gap, no overlap, nothing outside. A sender packs them in
  // order; sort (stable, so the same order as sorting always) only when they are not.
  let inOrder = true;
  for (let i = 1; i < slots.length && inOrder; i++) inOrder = slots[i - 1]!.offset <= slots[i]!.offset;
  const ordered = inOrder ? slots : slots.slice().sort(byOffset);
  let at = 0;
  for (const s of ordered) {
    if (s.offset + s.length > total) {
      issue(s.path, `slice [${s.offset}, ${s.offset + s.length}) runs past the ${total} floats of the frame`);
      return null;
    }
    if (s.offset !== at) {
      issue(s.path, s.offset < at ? `slice at ${s.offset} overlaps the one before it (ends at ${at})` : `floats [${at}, ${s.offset}) belong to no slice`);
      return null;
    }
    at += s.length;
  }
  if (at !== total) {
    issue(['floats'], `floats [${at}, ${total}) belong to no slice`);
    return null;
  }
  // One aligned copy: socket.io's Buffer may sit at any byte offset of a larger buffer.
  const floats = new Float32Array(total);
  if (raw instanceof Float32Array) floats.set(raw);
  else new Uint8Array(floats.buffer).set(raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw);
  // x * 0 is 0 for every finite x and NaN otherwise: one branch-free pass, the slow search only on a bad frame.
  // Four independent sums, so that the adds need not wait on each other (≈ 3.1 → 1.7 µs for a 4-person frame).
  let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
  const whole = total - (total % 4);
  for (let i = 0; i < whole; i += 4) {
    p0 += floats[i]! * 0;
    p1 += floats[i + 1]! * 0;
    p2 += floats[i + 2]! * 0;
    p3 += floats[i + 3]! * 0;
  }
  for (let i = whole; i < total; i++) p0 += floats[i]! * 0;
  if (p0 + p1 + p2 + p3 !== 0) {
    const i = floats.findIndex((x) => !Number.isFinite(x));
    const s = ordered.find((x) => i >= x.offset && i < x.offset + x.length)!;
    issue(s.path, 'vector holds a non-finite value');
    return null;
  }
  if (bad) return null;
  const decoded: PerceivedTrack[] = [];
  for (const t of tracks) {
    const out: PerceivedTrack = { trackId: t.trackId, box: t.box, quality: t.quality, skeleton: t.skeleton ? sliceView(floats, t.skeleton) : null };
    if (t.bodyEmbedding) out.bodyEmbedding = { model: t.bodyEmbedding.model, vector: sliceView(floats, t.bodyEmbedding) };
    if (t.face) {
      out.face = { box: t.face.box, score: t.face.score };
      if (t.face.embedding) out.face.embedding = { model: t.face.embedding.model, vector: sliceView(floats, t.face.embedding) };
    }
    if (t.attention) out.attention = t.attention;
    decoded.push(out);
  }
  return { v: PERCEPTION_PROTOCOL, cameraId: f.cameraId, frameTs: f.frameTs, seq: f.seq, width: f.width, height: f.height, tracks: decoded };
}

/**
 * The packed frame, validated strictly (every slice inside `floats`, the right length for its kind, slices neither
 * overlapping nor leaving floats unused, every float finite) and decoded to the same `PerceptionFrame` the per-track
 * form gives: vectors are Float32Array views of one aligned copy of `floats`.
 */
export const PackedPerceptionFrame = PackedFrameShape.transform((f, ctx): PerceptionFrame => {
  const out = decodePacked(f, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  return out ?? z.NEVER;
});
export type PackedPerceptionFrame = z.output<typeof PackedPerceptionFrame>;

/** Either wire form of a perception frame, as a worker may send it. */
export type AnyPerceptionFrameInput = PerceptionFrameInput | PackedPerceptionFrameInput;

/** Validates a frame of either form (chosen by its `v`) to the one `PerceptionFrame` the server works with. */
export function parsePerceptionFrame(msg: unknown): ReturnType<typeof PerceptionFrame.safeParse> {
  const v = typeof msg === 'object' && msg !== null ? (msg as { v?: unknown }).v : undefined;
  if (v !== PERCEPTION_PROTOCOL_PACKED) {
    // Per-track form: the same division of labour, a hand-written check first (perception-fast.ts), the schema for
    // anything it does not accept.
    const fast = perTrackFrameFast(msg);
    return fast ? { success: true, data: fast } : PerceptionFrame.safeParse(msg);
  }
  // The hot path of ingest: a hand-written check of the packed shape (perception-fast.ts) decides well-formed
  // frames in a few microseconds; anything it does not accept goes to the schema, which has the final word and
  // names the bad field.
  const shape = packedShapeFast(msg);
  if (shape) {
    const data = decodePacked(shape, noIssue);
    if (data) return { success: true, data };
  }
  return PackedPerceptionFrame.safeParse(msg);
}
