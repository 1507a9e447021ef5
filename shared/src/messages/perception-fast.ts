/**
 * Hand-written checks of the perception frame's shape for the ingest hot path: the zod schemas in perception.ts
 * cost ≈ 45 µs (packed, protocol v2) and ≈ 100 µs (per-track, v1) for a 4-person frame, these a few.
 *
 * They are conservative by design: they accept only what the schema accepts, and return the same output (unknown
 * keys of open objects dropped, strict objects copied, vectors decoded as the schema decodes them), or null for
 * anything else — including valid but unusual input such as an optional key present with `undefined` — which then
 * goes to the schema, which has the final word and names the bad field. perception-fast.test.ts checks that
 * agreement on generated and mutated frames.
 */
import { isUnsafeText } from '../text.ts';
import type { PackedShape, PerceivedTrack, PerceptionFrame } from './perception.ts';

const ID_RE = /^[A-Za-z0-9_.:-]+$/;
const MAX_TRACKS = 64;

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const int = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const in01 = (x: unknown): x is number => num(x) && x >= 0 && x <= 1;
const nonNeg = (x: unknown): x is number => num(x) && x >= 0;
/** An optional key: absent is fine; present must pass `ok` (present as undefined → leave it to the schema). */
const opt = (o: Record<string, unknown>, k: string, ok: (x: unknown) => boolean) => !(k in o) || ok(o[k]);

function keyCount(o: Record<string, unknown>): number {
  let n = 0;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
  return n;
}

function box(b: unknown): { x: number; y: number; w: number; h: number } | null {
  if (!obj(b) || keyCount(b) !== 4) return null;
  const { x, y, w, h } = b;
  if (!num(x) || x < -0.5 || x > 1.5 || !num(y) || y < -0.5 || y > 1.5) return null;
  if (!num(w) || w <= 0 || w > 2 || !num(h) || h <= 0 || h > 2) return null;
  return { x, y, w, h };
}

function slice(s: unknown): { offset: number; length: number } | null {
  if (!obj(s) || keyCount(s) !== 2) return null;
  const { offset, length } = s;
  if (!int(offset) || offset < 0 || !int(length) || length <= 0) return null;
  return { offset, length };
}

function embedding(e: unknown): { model: string; offset: number; length: number } | null {
  if (!obj(e) || keyCount(e) !== 3) return null;
  const { model, offset, length } = e;
  if (typeof model !== 'string' || model.length < 1 || model.length > 64 || isUnsafeText(model)) return null;
  if (!int(offset) || offset < 0 || !int(length) || length < 8 || length > 2048) return null;
  return { model, offset, length };
}

type Track = PackedShape['tracks'][number];
type Box = { x: number; y: number; w: number; h: number };

/** TrackQuality (an open object: unknown keys dropped). */
function trackQuality(q: unknown): Track['quality'] | null {
  if (!obj(q) || !in01(q['score'])) return null;
  if (!opt(q, 'heightPx', nonNeg) || !opt(q, 'visibility', in01) || !opt(q, 'occlusion', in01)) return null;
  const out: Track['quality'] = { score: q['score'] as number };
  if ('heightPx' in q) out.heightPx = q['heightPx'] as number;
  if ('visibility' in q) out.visibility = q['visibility'] as number;
  if ('occlusion' in q) out.occlusion = q['occlusion'] as number;
  return out;
}

const ACTIVITIES: ReadonlySet<unknown> = new Set(['new', 'exercising', 'lying', 'walking', 'idle']);

/** TrackAttention (an open object: unknown keys dropped), or null when not accepted. */
function trackAttention(a: unknown): { activity: 'new' | 'exercising' | 'lying' | 'walking' | 'idle'; poseFps: number } | null {
  if (!obj(a) || !ACTIVITIES.has(a['activity']) || !num(a['poseFps']) || (a['poseFps'] as number) < 0 || (a['poseFps'] as number) > 120) return null;
  return { activity: a['activity'] as 'new', poseFps: a['poseFps'] as number };
}

/**
 * A track of either wire form, given how that form reads a skeleton and an embedding (each null when it does not
 * accept the value); everything else about a track is the same in both forms.
 */
function trackOf<S, E>(t: unknown, skeletonOf: (s: unknown) => S | null, embeddingOf: (e: unknown) => E | null) {
  if (!obj(t)) return null;
  const { trackId } = t;
  if (!int(trackId) || trackId < 0) return null;
  const b = box(t['box']);
  if (!b) return null;
  const quality = trackQuality(t['quality']);
  if (!quality || !('skeleton' in t)) return null;
  const sk = t['skeleton'];
  const skeleton = sk === null ? null : skeletonOf(sk);
  if (skeleton === null && sk !== null) return null;
  const out: {
    trackId: number;
    box: Box;
    quality: Track['quality'];
    skeleton: S | null;
    bodyEmbedding?: E;
    face?: { box: Box; score: number; embedding?: E };
    attention?: { activity: 'new' | 'exercising' | 'lying' | 'walking' | 'idle'; poseFps: number };
  } = {
    trackId,
    box: b,
    quality,
    skeleton,
  };
  if ('bodyEmbedding' in t) {
    const e = embeddingOf(t['bodyEmbedding']);
    if (!e) return null;
    out.bodyEmbedding = e;
  }
  if ('face' in t) {
    const f = t['face'];
    if (!obj(f) || !in01(f['score'])) return null;
    const fb = box(f['box']);
    if (!fb) return null;
    out.face = { box: fb, score: f['score'] as number };
    if ('embedding' in f) {
      const e = embeddingOf(f['embedding']);
      if (!e) return null;
      out.face.embedding = e;
    }
  }
  if ('attention' in t) {
    const a = trackAttention(t['attention']);
    if (!a) return null;
    out.attention = a;
  }
  return out;
}

/** The fields both forms share at the frame's top level, checked; null to let the schema decide. */
function frameHeader(m: Record<string, unknown>) {
  const { cameraId, frameTs, seq, width, height, tracks } = m;
  if (typeof cameraId !== 'string' || cameraId.length < 1 || cameraId.length > 64 || !ID_RE.test(cameraId)) return null;
  if (!num(frameTs) || frameTs < 0 || !int(seq) || seq < 0) return null;
  if (!int(width) || width <= 0 || width > 8192 || !int(height) || height <= 0 || height > 8192) return null;
  if (!Array.isArray(tracks) || tracks.length > MAX_TRACKS) return null;
  return { cameraId, frameTs, seq, width, height, tracks: tracks as unknown[] };
}

/** Every track read by `read`, or null when one is not accepted. */
function tracksOf<T>(tracks: unknown[], read: (t: unknown) => T | null): T[] | null {
  const out: T[] = [];
  for (const t of tracks) {
    const tr = read(t);
    if (!tr) return null;
    out.push(tr);
  }
  return out;
}

const packedTrack = (t: unknown): Track | null => trackOf(t, slice, embedding);

/** The packed frame's shape as the schema would output it, or null to let the schema decide. */
export function packedShapeFast(m: unknown): PackedShape | null {
  if (!obj(m) || m['v'] !== 2) return null;
  const h = frameHeader(m);
  const { floats } = m;
  if (!h || !(floats instanceof Float32Array || floats instanceof Uint8Array || floats instanceof ArrayBuffer)) return null;
  const tracks = tracksOf(h.tracks, packedTrack);
  return tracks && { v: 2, cameraId: h.cameraId, frameTs: h.frameTs, seq: h.seq, width: h.width, height: h.height, floats: floats as PackedShape['floats'], tracks };
}

// ------------------------------------------------------------------------------------ per-track form (v1)

const SKELETON_FLOATS = 33 * 4;

/** x * 0 is 0 for every finite x and NaN otherwise: true when every value of `v` is finite. */
function allFinite(v: Float32Array): boolean {
  let probe = 0;
  for (let i = 0; i < v.length; i++) probe += v[i]! * 0;
  return probe === 0;
}

/**
 * A float vector as `floatVector` in primitives.ts decodes it: a Float32Array as is, binary (Buffer / Uint8Array /
 * ArrayBuffer) copied into an aligned Float32Array, a number array converted; `min`..`max` values, all finite.
 * `length`, when given, must match exactly.
 */
function floatVec(v: unknown, min: number, max: number, length?: number): Float32Array | null {
  let out: Float32Array;
  if (Array.isArray(v)) {
    if (v.length < min || v.length > max) return null;
    for (let i = 0; i < v.length; i++) if (!num(v[i])) return null;
    out = Float32Array.from(v as number[]);
  } else if (v instanceof Float32Array) out = v;
  else if (v instanceof Uint8Array || v instanceof ArrayBuffer) {
    const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : v;
    if (bytes.byteLength % 4 !== 0) return null;
    out = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(out.buffer).set(bytes);
  } else return null;
  if ((length !== undefined && out.length !== length) || out.length < min || out.length > max) return null;
  return allFinite(out) ? out : null;
}

/** SkeletonWire: 33 `[x, y, z, visibility]` tuples (copied), or 132 floats in any vector form. */
function skeletonWire(s: unknown): PerceivedTrack['skeleton'] | null {
  if (Array.isArray(s) && s.length === 33 && Array.isArray(s[0])) {
    const out: [number, number, number, number][] = [];
    for (let i = 0; i < 33; i++) {
      const p = s[i];
      if (!Array.isArray(p) || p.length !== 4) return null;
      const x = p[0], y = p[1], z = p[2], vis = p[3];
      if (!num(x) || !num(y) || !num(z) || !in01(vis)) return null;
      out.push([x, y, z, vis]);
    }
    return out;
  }
  // An array that is not 33 tuples can only be the flat form (the schema tries the tuples first).
  if (Array.isArray(s) && s.length > 0 && Array.isArray(s[0])) return null;
  return floatVec(s, 1, 4096, SKELETON_FLOATS);
}

/** Embedding (an open object): a model name and a vector of 8..2048 floats. */
function vectorEmbedding(e: unknown): { model: string; vector: Float32Array } | null {
  if (!obj(e)) return null;
  const { model } = e;
  if (typeof model !== 'string' || model.length < 1 || model.length > 64 || isUnsafeText(model)) return null;
  const vector = floatVec(e['vector'], 8, 2048);
  return vector ? { model, vector } : null;
}

const perceivedTrack = (t: unknown): PerceivedTrack | null => trackOf(t, skeletonWire, vectorEmbedding);

/** The per-track frame (v1) as the schema would output it, or null to let the schema decide. */
export function perTrackFrameFast(m: unknown): PerceptionFrame | null {
  if (!obj(m) || m['v'] !== 1) return null;
  const h = frameHeader(m);
  const tracks = h && tracksOf(h.tracks, perceivedTrack);
  return tracks && { v: 1, cameraId: h!.cameraId, frameTs: h!.frameTs, seq: h!.seq, width: h!.width, height: h!.height, tracks };
}
