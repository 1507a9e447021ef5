import { describe, expect, it } from 'vitest';
import { issuesOf } from '../validation.ts';
import { PackedPerceptionFrame, parsePerceptionFrame, PERCEPTION_PROTOCOL_PACKED, type PackedPerceptionFrameInput } from './perception.ts';

const SK = 132;
const box = { x: 0.1, y: 0.2, w: 0.1, h: 0.4 };

/** Two tracks: a skeleton + 16-d body embedding, then a face embedding of 8 only; floats 0, 1, 2, ... */
function packed(over: Partial<PackedPerceptionFrameInput> = {}): PackedPerceptionFrameInput {
  const floats = Float32Array.from({ length: SK + 16 + 8 }, (_, i) => i / 1000);
  return {
    v: PERCEPTION_PROTOCOL_PACKED,
    cameraId: 'cam-1',
    frameTs: 1_764_000_000_000,
    seq: 7,
    width: 640,
    height: 480,
    floats: Buffer.from(floats.buffer),
    tracks: [
      { trackId: 1, box, quality: { score: 0.9 }, skeleton: { offset: 0, length: SK }, bodyEmbedding: { model: 'm', offset: SK, length: 16 } },
      { trackId: 2, box, quality: { score: 0.8 }, skeleton: null, face: { box, score: 0.7, embedding: { model: 'f', offset: SK + 16, length: 8 } } },
    ],
    ...over,
  };
}

const firstIssue = (msg: unknown) => {
  const r = parsePerceptionFrame(msg);
  expect(r.success).toBe(false);
  const i = issuesOf(r.error!)[0]!;
  return `${i.field}: ${i.message}`;
};

describe('packed perception frame (v2)', () => {
  it('decodes to the same frame the per-track form gives, with views of one aligned copy of the buffer', () => {
    // A Buffer at an odd byte offset, as socket.io may hand it over.
    const src = packed().floats as Buffer;
    const shifted = Buffer.alloc(src.byteLength + 1);
    src.copy(shifted, 1);
    const f = PackedPerceptionFrame.parse(packed({ floats: shifted.subarray(1) }));
    expect(f.v).toBe(1);
    const [a, b] = f.tracks;
    expect(a!.skeleton).toBeInstanceOf(Float32Array);
    expect((a!.skeleton as Float32Array)[5]).toBeCloseTo(0.005, 6);
    expect(a!.bodyEmbedding!.vector).toHaveLength(16);
    expect(a!.bodyEmbedding!.vector[0]).toBeCloseTo(SK / 1000, 6);
    expect(b!.skeleton).toBeNull();
    expect(b!.face!.embedding!.model).toBe('f');
    expect(b!.face!.embedding!.vector[7]).toBeCloseTo((SK + 23) / 1000, 6);
    // Per-track frames still parse through the same entry point.
    expect(parsePerceptionFrame({ v: 1, cameraId: 'cam-1', frameTs: 1, seq: 0, width: 1, height: 1, tracks: [] }).success).toBe(true);
  });

  it('refuses an embedding model name with U+0000 or a lone surrogate (it reaches a text column), in both forms', () => {
    const t = packed().tracks;
    for (const model of ['m\u0000', 'm\uD800']) {
      expect(firstIssue(packed({ tracks: [{ ...t[0]!, bodyEmbedding: { model, offset: SK, length: 16 } }, t[1]!] }))).toMatch(/^tracks\[0\]\.bodyEmbedding\.model: must not contain/);
      const vector = Array.from({ length: 8 }, () => 0.1);
      const perTrack = { v: 1, cameraId: 'cam-1', frameTs: 1, seq: 0, width: 1, height: 1, tracks: [{ trackId: 1, box, quality: { score: 0.9 }, skeleton: null, bodyEmbedding: { model, vector } }] };
      expect(firstIssue(perTrack)).toMatch(/^tracks\[0\]\.bodyEmbedding\.model: must not contain/);
    }
  });

  it('refuses slices outside the buffer, overlapping, leaving floats unused or of the wrong length, naming the field', () => {
    const t = packed().tracks;
    expect(firstIssue(packed({ tracks: [{ ...t[0]!, bodyEmbedding: { model: 'm', offset: SK + 8, length: 16 } }, t[1]!] }))).toBe(
      'tracks[0].bodyEmbedding: floats [132, 140) belong to no slice',
    );
    expect(firstIssue(packed({ tracks: [{ ...t[0]!, bodyEmbedding: { model: 'm', offset: SK, length: 400 } }, t[1]!] }))).toMatch(/tracks\[0\]\.bodyEmbedding: slice .* runs past the 156 floats/);
    expect(firstIssue(packed({ tracks: [t[0]!, { ...t[1]!, face: { box, score: 0.7, embedding: { model: 'f', offset: SK, length: 8 } } }] }))).toMatch(/overlaps/);
    expect(firstIssue(packed({ tracks: [t[0]!] }))).toMatch(/^floats: floats \[148, 156\) belong to no slice/);
    expect(firstIssue(packed({ tracks: [{ ...t[0]!, skeleton: { offset: 0, length: 131 } }, t[1]!] }))).toMatch(/^tracks\[0\]\.skeleton/);
    expect(firstIssue(packed({ tracks: [{ ...t[0]!, skeleton: { offset: -1, length: SK } }, t[1]!] }))).toMatch(/^tracks\[0\]\.skeleton\.offset/);
    expect(firstIssue(packed({ tracks: [{ ...t[0]!, skeleton: { offset: 0.5, length: SK } }, t[1]!] }))).toMatch(/^tracks\[0\]\.skeleton\.offset/);
    expect(firstIssue(packed({ tracks: [{ ...t[0]!, bodyEmbedding: { model: 'm', offset: SK, length: 4 } }, t[1]!] }))).toMatch(/^tracks\[0\]\.bodyEmbedding\.length/);
  });

  it('refuses a buffer that is not float32, too big, missing or holds a non-finite value', () => {
    expect(firstIssue(packed({ floats: Buffer.alloc(157 * 4 - 2) }))).toMatch(/^floats: .*not a whole number of float32/);
    expect(firstIssue(packed({ floats: new Float32Array(300_000) }))).toMatch(/^floats: .*more than a frame can hold/);
    expect(firstIssue({ ...packed(), floats: undefined })).toMatch(/^floats/);
    expect(firstIssue({ ...packed(), floats: [1, 2, 3] })).toMatch(/^floats/);
    const nan = Float32Array.from({ length: SK + 24 }, () => 0.1);
    nan[SK + 3] = NaN;
    expect(firstIssue(packed({ floats: nan }))).toBe('tracks[0].bodyEmbedding: vector holds a non-finite value');
    // Found at every position (the check sums four lanes and a tail): each float in turn, NaN or ±Infinity.
    const t = packed().tracks;
    const odd = [t[0]!, { ...t[1]!, face: { box, score: 0.7, embedding: { model: 'f', offset: SK + 16, length: 9 } } }];
    for (let i = 0; i < SK + 25; i++) {
      const v = Float32Array.from({ length: SK + 25 }, () => 0.1);
      v[i] = [NaN, Infinity, -Infinity][i % 3]!;
      const where = i < SK ? 'tracks[0].skeleton' : i < SK + 16 ? 'tracks[0].bodyEmbedding' : 'tracks[1].face.embedding';
      expect(firstIssue(packed({ floats: v, tracks: odd }))).toBe(`${where}: vector holds a non-finite value`);
    }
    expect(parsePerceptionFrame(packed({ floats: Float32Array.from({ length: SK + 25 }, () => 0.1), tracks: odd })).success).toBe(true);
  });
});
