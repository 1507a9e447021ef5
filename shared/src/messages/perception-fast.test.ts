import { describe, expect, it } from 'vitest';
import { packedShapeFast, perTrackFrameFast } from './perception-fast.ts';
import { PackedPerceptionFrame, parsePerceptionFrame, PerceptionFrame } from './perception.ts';

function rand(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A valid packed frame with 0–5 tracks and a mix of optional parts. */
function frame(r: () => number): Record<string, unknown> {
  const tracks: Record<string, unknown>[] = [];
  let at = 0;
  const slice = (n: number) => ((at += n), { offset: at - n, length: n });
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const t: Record<string, unknown> = {
      trackId: i + Math.floor(r() * 100),
      box: { x: r(), y: r(), w: 0.05 + r() * 0.5, h: 0.05 + r() * 0.9 },
      quality: { score: r(), ...(r() < 0.5 ? { heightPx: 200 * r() } : {}), ...(r() < 0.5 ? { visibility: r() } : {}), ...(r() < 0.3 ? { occlusion: r() } : {}) },
      skeleton: r() < 0.8 ? slice(132) : null,
    };
    if (r() < 0.7) t['bodyEmbedding'] = { model: 'appearance-stripes-v1', ...slice(8 + Math.floor(r() * 64)) };
    if (r() < 0.3) t['face'] = { box: { x: r(), y: r(), w: 0.1, h: 0.1 }, score: r(), ...(r() < 0.6 ? { embedding: { model: 'faceres', ...slice(16) } } : {}) };
    tracks.push(t);
  }
  const floats = Float32Array.from({ length: at }, () => r() - 0.5);
  return { v: 2, cameraId: 'cam-1', frameTs: 1_764_000_000_000 + Math.floor(r() * 1e6), seq: Math.floor(r() * 1e5), width: 1280, height: 720, floats: Buffer.from(floats.buffer), tracks };
}

/** Paths of every field of a message (objects and arrays, not into the float buffer). */
function paths(m: unknown, pre: (string | number)[] = []): (string | number)[][] {
  if (typeof m !== 'object' || m === null || ArrayBuffer.isView(m)) return [];
  const out: (string | number)[][] = [];
  for (const [k, v] of Object.entries(m)) {
    const p = [...pre, Array.isArray(m) ? Number(k) : k];
    out.push(p, ...paths(v, p));
  }
  return out;
}

const clone = (m: unknown): unknown =>
  ArrayBuffer.isView(m) ? m : Array.isArray(m) ? m.map(clone) : m && typeof m === 'object' ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, clone(v)])) : m;

/**
 * A copy of `base` with the value at `path` replaced by `bad`, or deleted (about half the times `bad` is undefined),
 * or with an unknown key added to the object there when `bad` is 'extra'; null when there is no such object
 * (typed arrays count as none when `viewsAreValues`).
 */
function mutated(base: unknown, path: (string | number)[], bad: unknown, r: () => number, viewsAreValues = false): Record<string, unknown> | null {
  const m = clone(base) as Record<string, unknown>;
  let o = m as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (bad === 'extra') {
    const target = o[last];
    if (!target || typeof target !== 'object' || Array.isArray(target) || (viewsAreValues && ArrayBuffer.isView(target))) return null;
    (target as Record<string, unknown>)['unexpected'] = 1;
  } else if (bad === undefined && r() < 0.5) delete o[last];
  else o[last] = bad;
  return m;
}

const BAD_VALUES: unknown[] = [undefined, null, -1, 0, 0.5, 1.5, 3, 1e9, NaN, Infinity, -0.6, 2.5, 'x', '', 'a'.repeat(65), 'bad id!', [], {}, true, 8, 2049];

describe('packed frame fast path agrees with the schema', () => {
  it('accepts every generated valid frame, with output equal to the schema\'s', () => {
    const r = rand(11);
    for (let i = 0; i < 300; i++) {
      const m = frame(r);
      const fast = packedShapeFast(m);
      expect(fast).not.toBeNull();
      const slow = PackedPerceptionFrame.safeParse(m);
      expect(slow.success).toBe(true);
      expect(parsePerceptionFrame(m)).toEqual(slow);
    }
  });

  it('never accepts what the schema refuses, and decodes what it accepts to the same frame (single-field mutations)', () => {
    const r = rand(12);
    let mutations = 0, refused = 0;
    for (let i = 0; i < 25; i++) {
      const base = frame(r);
      for (const p of paths(base)) {
        if (p.length === 1 && p[0] === 'v') continue; // `v` picks the schema, not this path's concern
        for (const bad of [...BAD_VALUES, 'extra']) {
          const m = mutated(base, p, bad, r);
          if (!m) continue;
          mutations++;
          const slow = PackedPerceptionFrame.safeParse(m);
          const fast = packedShapeFast(m);
          const got = parsePerceptionFrame(m);
          expect(got.success).toBe(slow.success);
          if (slow.success) expect(got.data).toEqual(slow.data);
          else {
            refused++;
            expect(got.error!.issues[0]).toEqual(slow.error.issues[0]);
            // The shape may pass the fast check when only the slices are wrong (the decoder then refuses it).
            if (fast) expect(slow.error.issues.every((x) => x.code === 'custom')).toBe(true);
          }
        }
      }
    }
    expect(mutations).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(mutations / 3);
  });
});

/** A float vector of `n` values in one of the wire forms the schema takes (binary sometimes at an odd offset). */
function vector(r: () => number, n: number): unknown {
  const v = Float32Array.from({ length: n }, () => r() - 0.5);
  const k = r();
  if (k < 0.3) return Buffer.from(v.buffer);
  if (k < 0.45) {
    const b = Buffer.alloc(v.byteLength + 1);
    Buffer.from(v.buffer).copy(b, 1);
    return b.subarray(1);
  }
  if (k < 0.6) return v;
  if (k < 0.7) return v.buffer;
  return Array.from(v);
}

/** A valid per-track (v1) frame with 0–4 tracks, skeletons as tuples or flat vectors, and a mix of optional parts. */
function perTrack(r: () => number): Record<string, unknown> {
  const tracks: Record<string, unknown>[] = [];
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const k = r();
    const skeleton = k < 0.15 ? null : k < 0.35 ? Array.from({ length: 33 }, () => [r(), r(), r() - 0.5, r()]) : vector(r, 132);
    const t: Record<string, unknown> = {
      trackId: i + Math.floor(r() * 100),
      box: { x: r(), y: r(), w: 0.05 + r() * 0.5, h: 0.05 + r() * 0.9 },
      quality: { score: r(), ...(r() < 0.5 ? { heightPx: 200 * r() } : {}), ...(r() < 0.5 ? { visibility: r() } : {}), ...(r() < 0.3 ? { occlusion: r() } : {}) },
      skeleton,
    };
    if (r() < 0.7) t['bodyEmbedding'] = { model: 'appearance-stripes-v1', vector: vector(r, 8 + Math.floor(r() * 64)) };
    if (r() < 0.3) t['face'] = { box: { x: r(), y: r(), w: 0.1, h: 0.1 }, score: r(), ...(r() < 0.6 ? { embedding: { model: 'faceres', vector: vector(r, 16) } } : {}) };
    tracks.push(t);
  }
  return { v: 1, cameraId: 'cam-1', frameTs: 1_764_000_000_000 + Math.floor(r() * 1e6), seq: Math.floor(r() * 1e5), width: 1280, height: 720, tracks };
}

describe('per-track frame fast path agrees with the schema', () => {
  it('accepts every generated valid frame, with output equal to the schema\'s', () => {
    const r = rand(21);
    for (let i = 0; i < 300; i++) {
      const m = perTrack(r);
      const slow = PerceptionFrame.safeParse(m);
      expect(slow.success).toBe(true);
      expect(perTrackFrameFast(m)).not.toBeNull();
      expect(parsePerceptionFrame(m)).toEqual(slow);
    }
  });

  it('never accepts what the schema refuses, and gives what it accepts as the schema does (single-field mutations)', () => {
    const r = rand(22);
    let mutations = 0, refused = 0;
    const extra: unknown[] = [Float32Array.from([1, 2]), Buffer.alloc(6), new Float64Array(132), Array.from({ length: 132 }, () => 1e39), [[1, 2, 3]], Array(33).fill([0, 0, 0, 2])];
    for (let i = 0; i < 20; i++) {
      const base = perTrack(r);
      for (const p of paths(base)) {
        if (p.length === 1 && p[0] === 'v') continue;
        // Inside number-array vectors and tuple skeletons, a sample of the elements (all of them would take long).
        if (p.length >= 4 && typeof p[p.length - 1] === 'number' && r() < 0.97) continue;
        for (const bad of [...BAD_VALUES, ...extra, 'extra']) {
          const m = mutated(base, p, bad, r, true);
          if (!m) continue;
          mutations++;
          const slow = PerceptionFrame.safeParse(m);
          const got = parsePerceptionFrame(m);
          expect(got.success).toBe(slow.success);
          if (slow.success) expect(got.data).toEqual(slow.data);
          else {
            refused++;
            expect(perTrackFrameFast(m)).toBeNull();
            expect(got.error!.issues[0]).toEqual(slow.error.issues[0]);
          }
        }
      }
    }
    expect(mutations).toBeGreaterThan(2000);
    expect(refused).toBeGreaterThan(mutations / 3);
  });
});
