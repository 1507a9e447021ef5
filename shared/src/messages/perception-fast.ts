/**
 * A hand-written check of the packed perception frame's shape (protocol v2), for the ingest hot path: the zod
 * schema in perception.ts costs ≈ 45 µs for a 4-person frame, this a few.
 *
 * It is conservative by design: it accepts only what the schema accepts, and returns the same output (unknown
 * keys of open objects dropped, strict objects copied), or null for anything else — including valid but unusual
 * input such as an optional key present with `undefined` — which then goes to the schema, which has the final
 * word and names the bad field. perception-fast.test.ts checks that agreement on generated and mutated frames.
 */
import type { PackedShape } from './perception.ts';

const ID_RE = /^[A-Za-z0-9_.:-]+$/;
const MAX_TRACKS = 64;

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const int = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const in01 = (x: unknown): x is number => num(x) && x >= 0 && x <= 1;
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
  if (typeof model !== 'string' || model.length < 1 || model.length > 64) return null;
  if (!int(offset) || offset < 0 || !int(length) || length < 8 || length > 2048) return null;
  return { model, offset, length };
}

type Track = PackedShape['tracks'][number];

function track(t: unknown): Track | null {
  if (!obj(t)) return null;
  const { trackId, quality: q } = t;
  if (!int(trackId) || trackId < 0) return null;
  const b = box(t['box']);
  if (!b || !obj(q) || !in01(q['score'])) return null;
  if (!opt(q, 'heightPx', (x) => num(x) && x >= 0) || !opt(q, 'visibility', in01) || !opt(q, 'occlusion', in01)) return null;
  const quality: Track['quality'] = { score: q['score'] as number };
  if ('heightPx' in q) quality.heightPx = q['heightPx'] as number;
  if ('visibility' in q) quality.visibility = q['visibility'] as number;
  if ('occlusion' in q) quality.occlusion = q['occlusion'] as number;
  if (!('skeleton' in t)) return null;
  const skeleton = t['skeleton'] === null ? null : slice(t['skeleton']);
  if (skeleton === null && t['skeleton'] !== null) return null;
  const out: Track = { trackId, box: b, quality, skeleton };
  if ('bodyEmbedding' in t) {
    const e = embedding(t['bodyEmbedding']);
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
      const e = embedding(f['embedding']);
      if (!e) return null;
      out.face.embedding = e;
    }
  }
  return out;
}

/** The packed frame's shape as the schema would output it, or null to let the schema decide. */
export function packedShapeFast(m: unknown): PackedShape | null {
  if (!obj(m) || m['v'] !== 2) return null;
  const { cameraId, frameTs, seq, width, height, floats, tracks } = m;
  if (typeof cameraId !== 'string' || cameraId.length < 1 || cameraId.length > 64 || !ID_RE.test(cameraId)) return null;
  if (!num(frameTs) || frameTs < 0 || !int(seq) || seq < 0) return null;
  if (!int(width) || width <= 0 || width > 8192 || !int(height) || height <= 0 || height > 8192) return null;
  if (!(floats instanceof Float32Array || floats instanceof Uint8Array || floats instanceof ArrayBuffer)) return null;
  if (!Array.isArray(tracks) || tracks.length > MAX_TRACKS) return null;
  const out: Track[] = [];
  for (const t of tracks) {
    const tr = track(t);
    if (!tr) return null;
    out.push(tr);
  }
  return { v: 2, cameraId, frameTs, seq, width, height, floats: floats as PackedShape['floats'], tracks: out };
}
