/**
 * Binary packing of the float payloads of a perception frame: a skeleton becomes 132 float32 (33 × x, y, z,
 * visibility), an embedding one float32 per dimension. socket.io sends typed arrays as binary attachments, and the
 * shared schema (`floatVector`) accepts them back as Float32Array / Buffer. Each packed vector owns its buffer, so a
 * transport never sends bytes of a larger shared buffer. Byte order is the platform's (little-endian on every
 * platform Chromium and Node run on); the schema reads it the same way.
 *
 * `packFrame` goes one step further for the wire (protocol v2): all vectors of a frame in ONE float32 buffer, with
 * per-track slices in the JSON part, so socket.io sends one binary attachment per frame instead of one per vector.
 */
import {
  LANDMARK_COUNT,
  PERCEPTION_PROTOCOL,
  PERCEPTION_PROTOCOL_PACKED,
  type Box,
  type PackedPerceptionFrameInput,
  type PackedTrack,
  type PerceivedTrackInput,
  type PerceptionFrameInput,
  type Skeleton,
} from '@gym/shared';

export const SKELETON_FLOATS = LANDMARK_COUNT * 4;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('perception packing assumes a little-endian platform');
}

/** A skeleton as 132 float32; `null` passes through. Accepts nested landmarks or an already packed array. */
export type PackedFloats = Float32Array<ArrayBuffer>;

/** The array itself when it already owns a plain ArrayBuffer exactly, else a copy. */
function owned(v: Float32Array): PackedFloats {
  return v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.buffer.byteLength === v.byteLength ? (v as PackedFloats) : new Float32Array(v);
}

export function packSkeleton(s: Skeleton | Float32Array): PackedFloats {
  if (s instanceof Float32Array) {
    if (s.length !== SKELETON_FLOATS) throw new RangeError(`skeleton must have ${SKELETON_FLOATS} floats, got ${s.length}`);
    return owned(s);
  }
  if (s.length !== LANDMARK_COUNT) throw new RangeError(`skeleton must have ${LANDMARK_COUNT} landmarks, got ${s.length}`);
  const out = new Float32Array(SKELETON_FLOATS);
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    const p = s[i]!;
    out[i * 4] = p[0];
    out[i * 4 + 1] = p[1];
    out[i * 4 + 2] = p[2];
    out[i * 4 + 3] = p[3];
  }
  return out;
}

export function unpackSkeleton(f: Float32Array): Skeleton {
  if (f.length !== SKELETON_FLOATS) throw new RangeError(`skeleton must have ${SKELETON_FLOATS} floats, got ${f.length}`);
  const out: Skeleton = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) out.push([f[i * 4]!, f[i * 4 + 1]!, f[i * 4 + 2]!, f[i * 4 + 3]!]);
  return out;
}

export function packVector(v: ArrayLike<number>): PackedFloats {
  return v instanceof Float32Array ? owned(v) : Float32Array.from(v);
}

/** What the pipeline produces for one track; `toWireFrame` packs it. */
export interface TrackDraft {
  trackId: number;
  /** Normalised to the frame (0..1). */
  box: Box;
  quality: PerceivedTrackInput['quality'];
  skeleton: Skeleton | Float32Array | null;
  bodyEmbedding?: { model: string; vector: ArrayLike<number> } | undefined;
  face?: { box: Box; score: number; embedding?: { model: string; vector: ArrayLike<number> } | undefined } | undefined;
  attention?: PerceivedTrackInput['attention'];
}

export interface FrameDraft {
  cameraId: string;
  frameTs: number;
  seq: number;
  width: number;
  height: number;
  tracks: TrackDraft[];
}

export function toWireTrack(t: TrackDraft): PerceivedTrackInput {
  const out: PerceivedTrackInput = {
    trackId: t.trackId,
    box: t.box,
    quality: t.quality,
    skeleton: t.skeleton === null ? null : packSkeleton(t.skeleton),
  };
  if (t.bodyEmbedding) out.bodyEmbedding = { model: t.bodyEmbedding.model, vector: packVector(t.bodyEmbedding.vector) };
  if (t.face) {
    out.face = { box: t.face.box, score: t.face.score };
    if (t.face.embedding) out.face.embedding = { model: t.face.embedding.model, vector: packVector(t.face.embedding.vector) };
  }
  if (t.attention) out.attention = t.attention;
  return out;
}

export function toWireFrame(f: FrameDraft): PerceptionFrameInput {
  return {
    v: PERCEPTION_PROTOCOL,
    cameraId: f.cameraId,
    frameTs: f.frameTs,
    seq: f.seq,
    width: f.width,
    height: f.height,
    tracks: f.tracks.map(toWireTrack),
  };
}

/** Bytes of float payload in a wire frame (for stats and benches). */
export function payloadBytes(f: PerceptionFrameInput | PackedPerceptionFrameInput): number {
  if (f.v === PERCEPTION_PROTOCOL_PACKED) return f.floats.byteLength;
  let n = 0;
  const size = (v: unknown): number => (ArrayBuffer.isView(v) ? v.byteLength : Array.isArray(v) ? v.length * 8 : 0);
  for (const t of f.tracks) {
    n += size(t.skeleton);
    if (t.bodyEmbedding) n += size(t.bodyEmbedding.vector);
    if (t.face?.embedding) n += size(t.face.embedding.vector);
  }
  return n;
}

/** A vector of the per-track wire form as float32 (nested landmarks, number arrays, typed arrays or raw bytes). */
function asFloats(v: unknown): Float32Array {
  if (v instanceof Float32Array) return v;
  if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
    const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : v;
    if (bytes.byteLength % 4 !== 0) throw new RangeError(`binary vector of ${bytes.byteLength} bytes is not float32`);
    const out = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  if (Array.isArray(v) && Array.isArray(v[0])) return packSkeleton(v as Skeleton);
  if (Array.isArray(v)) return Float32Array.from(v as number[]);
  throw new TypeError('not a float vector');
}

/**
 * The per-track wire frame (as `toWireFrame` makes it) in the packed form: one `floats` buffer holding every
 * skeleton and embedding back to back, in track order, and slices naming them. A frame already packed passes through.
 */
export function packFrame(f: PerceptionFrameInput | PackedPerceptionFrameInput): PackedPerceptionFrameInput {
  if (f.v === PERCEPTION_PROTOCOL_PACKED) return f;
  const parts: Float32Array[] = [];
  let at = 0;
  const slice = (v: unknown) => {
    const x = asFloats(v);
    parts.push(x);
    const s = { offset: at, length: x.length };
    at += x.length;
    return s;
  };
  const tracks = f.tracks.map((t): PackedTrack => {
    const out: PackedTrack = { trackId: t.trackId, box: t.box, quality: t.quality, skeleton: t.skeleton === null ? null : slice(t.skeleton) };
    if (t.bodyEmbedding) out.bodyEmbedding = { model: t.bodyEmbedding.model, ...slice(t.bodyEmbedding.vector) };
    if (t.face) {
      out.face = { box: t.face.box, score: t.face.score };
      if (t.face.embedding) out.face.embedding = { model: t.face.embedding.model, ...slice(t.face.embedding.vector) };
    }
    if (t.attention) out.attention = t.attention;
    return out;
  });
  const floats = new Float32Array(at);
  let o = 0;
  for (const p of parts) {
    floats.set(p, o);
    o += p.length;
  }
  return { v: PERCEPTION_PROTOCOL_PACKED, cameraId: f.cameraId, frameTs: f.frameTs, seq: f.seq, width: f.width, height: f.height, floats, tracks };
}
