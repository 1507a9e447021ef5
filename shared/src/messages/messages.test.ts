import { describe, expect, it } from 'vitest';
import { GymEvent, PerceptionFrame, ConsumeRequest, parseOrThrow, ValidationError } from '../index.ts';

const skeleton = Array.from({ length: 33 }, (_, i) => [i / 40, 0.5, 0, 1] as [number, number, number, number]);

function frame(overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    cameraId: 'cam-floor',
    frameTs: 1_795_000_000_000,
    seq: 12,
    width: 768,
    height: 576,
    tracks: [
      {
        trackId: 3,
        box: { x: 0.1, y: 0.2, w: 0.1, h: 0.4 },
        quality: { score: 0.9, heightPx: 230, visibility: 0.8 },
        skeleton,
        bodyEmbedding: { model: 'appearance-stripes-v1', vector: Array.from({ length: 64 }, (_, i) => i / 64) },
      },
    ],
    ...overrides,
  };
}

describe('perception frame schema', () => {
  it('accepts a JSON frame and a frame with packed float32 landmarks and embeddings', () => {
    expect(PerceptionFrame.parse(frame()).tracks[0]!.bodyEmbedding!.vector).toBeInstanceOf(Float32Array);
    const packed = new Float32Array(skeleton.flat());
    const emb = new Float32Array(512).fill(0.01);
    const bin = frame({
      tracks: [
        {
          trackId: 1,
          box: { x: 0, y: 0, w: 0.5, h: 0.5 },
          quality: { score: 0.5 },
          skeleton: Buffer.from(packed.buffer), // what socket.io hands the server
          bodyEmbedding: { model: 'osnet_x0_25', vector: new Uint8Array(emb.buffer) },
        },
      ],
    });
    const parsed = PerceptionFrame.parse(bin);
    const s = parsed.tracks[0]!.skeleton as Float32Array;
    expect(s).toBeInstanceOf(Float32Array);
    expect(s.length).toBe(132);
    expect(s[4]).toBeCloseTo(1 / 40);
    expect(parsed.tracks[0]!.bodyEmbedding!.vector.length).toBe(512);
  });

  it.each([
    ['wrong protocol version', { v: 2 }, 'v'],
    ['camera id with spaces', { cameraId: 'cam 1' }, 'cameraId'],
    ['negative timestamp', { frameTs: -1 }, 'frameTs'],
    ['too many tracks', { tracks: Array(65).fill(frame().tracks[0]) }, 'tracks'],
  ])('rejects %s, naming the field', (_n, o, field) => {
    expect(() => parseOrThrow(PerceptionFrame, frame(o))).toThrow(ValidationError);
    try {
      parseOrThrow(PerceptionFrame, frame(o));
    } catch (e) {
      expect((e as ValidationError).field).toBe(field);
    }
  });

  it('rejects a skeleton of the wrong size, odd-length binary and non-finite values', () => {
    const t = frame().tracks[0]!;
    const bad = (tr: object) => PerceptionFrame.safeParse(frame({ tracks: [{ ...t, ...tr }] })).success;
    expect(bad({ skeleton: skeleton.slice(1) })).toBe(false);
    expect(bad({ skeleton: new Uint8Array(131 * 4) })).toBe(false);
    expect(bad({ skeleton: new Uint8Array(7) })).toBe(false);
    expect(bad({ bodyEmbedding: { model: 'x', vector: new Uint8Array(10) } })).toBe(false);
    expect(bad({ bodyEmbedding: { model: 'x', vector: new Float32Array([1, NaN, 0, 0, 0, 0, 0, 0]) } })).toBe(false);
    expect(bad({ box: { x: 0, y: 0, w: 0, h: 0.3 } })).toBe(false);
    expect(bad({ skeleton: null })).toBe(true);
  });
});

describe('live events', () => {
  it('parses each event type and rejects unknown ones', () => {
    const p = '0b6f1c1e-8f3a-4c1e-9d2a-111111111111';
    expect(GymEvent.parse({ type: 'rep', at: 1, personId: p, memberId: null, exercise: 'squat', count: 3, startTs: 0, endTs: 1, rom: 0.9, concentricMs: 800, eccentricMs: 1200 }).type).toBe('rep');
    expect(GymEvent.parse({ type: 'alert', at: 1, alertId: 'a', kind: 'camera_down', severity: 'warn', cameraId: 'c', personId: null, message: 'down' }).type).toBe('alert');
    const coaching = GymEvent.parse({ type: 'coaching.message', at: 1, memberId: p, messageId: 'm', role: 'assistant', text: 'Nice set' });
    expect(coaching.type === 'coaching.message' && coaching.partial).toBe(false);
    expect(GymEvent.safeParse({ type: 'rep', at: 1, personId: 'not-a-uuid' }).success).toBe(false);
    expect(GymEvent.safeParse({ type: 'mystery', at: 1 }).success).toBe(false);
  });

  it('signaling requests are strict', () => {
    expect(ConsumeRequest.safeParse({ transportId: 't', cameraId: 'c', rtpCapabilities: {} }).success).toBe(true);
    expect(ConsumeRequest.safeParse({ transportId: 't', cameraId: 'c', rtpCapabilities: {}, extra: 1 }).success).toBe(false);
    expect(ConsumeRequest.safeParse({ transportId: '', cameraId: 'c', rtpCapabilities: {} }).success).toBe(false);
  });
});
