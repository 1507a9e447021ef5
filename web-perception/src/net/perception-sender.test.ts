import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANDMARK_COUNT } from '@gym/shared';
import { PerceptionSender } from './perception-sender.ts';
import { toWireFrame, unpackSkeleton } from './packing.ts';
import { FakeIngest, frame, skeleton, TOKEN } from './testing/fake-ingest.ts';

let ingest: FakeIngest | null = null;
let sender: PerceptionSender | null = null;
afterEach(async () => {
  sender?.close();
  sender = null;
  if (ingest) await ingest.stop().catch(() => undefined);
  ingest = null;
});

async function connected(opts: Partial<ConstructorParameters<typeof PerceptionSender>[0]> = {}) {
  ingest = new FakeIngest();
  await ingest.start();
  sender = new PerceptionSender({ url: ingest.url, token: TOKEN, reconnectDelayMs: 50, reconnectDelayMaxMs: 200, ...opts }).start();
  const s = sender;
  await vi.waitFor(() => expect(s.connected).toBe(true), { timeout: 5000, interval: 10 });
  return { ingest, sender: s };
}

describe('PerceptionSender', () => {
  const expectDecoded = (first: FakeIngest['received'][number]) => {
    expect(first.parsed.success).toBe(true);
    const parsed = first.parsed.data!;
    expect(parsed.tracks[1]!.skeleton).toBeNull();
    const sk = unpackSkeleton(parsed.tracks[0]!.skeleton as Float32Array);
    const want = skeleton(0);
    for (let i = 0; i < LANDMARK_COUNT; i++) for (let j = 0; j < 4; j++) expect(sk[i]![j]).toBeCloseTo(want[i]![j]!, 6);
    expect(parsed.tracks[0]!.bodyEmbedding!.vector[5]).toBeCloseTo(Math.sin(5), 6);
    expect(parsed.tracks[0]!.face!.embedding!.vector).toHaveLength(256);
  };

  it('sends each frame packed: all its vectors in one binary buffer that the server decodes with the shared schema', async () => {
    const { ingest, sender } = await connected({ socketOptions: { transports: ['websocket'] } });
    for (let i = 0; i < 3; i++) expect(sender.send(toWireFrame(frame(i)))).toBe('sent');
    await vi.waitFor(() => expect(sender.stats.acked).toBe(3), { timeout: 5000, interval: 10 });
    expect(ingest.received).toHaveLength(3);
    const first = ingest.received[0]!;
    // One binary attachment per frame: skeleton, body and face embedding back to back; the tracks name slices.
    expect(first.raw.v).toBe(2);
    expect(Buffer.isBuffer(first.raw.floats)).toBe(true);
    expect((first.raw.floats as Buffer).byteLength).toBe((LANDMARK_COUNT * 4 + 96 + 256) * 4);
    const rawTracks = first.raw.tracks as Record<string, unknown>[];
    expect(rawTracks[0]).toMatchObject({
      skeleton: { offset: 0, length: LANDMARK_COUNT * 4 },
      bodyEmbedding: { model: 'appearance-stripes-v1', offset: LANDMARK_COUNT * 4, length: 96 },
      face: { embedding: { model: 'mobileface', offset: LANDMARK_COUNT * 4 + 96, length: 256 } },
    });
    expect(rawTracks[1]!.skeleton).toBeNull();
    expectDecoded(first);
    expect(sender.stats).toMatchObject({ sent: 3, acked: 3, rejected: 0, inFlight: 0, droppedBackpressure: 0 });
  });

  it('sends the per-track form (one attachment per vector) when packing is off', async () => {
    const { ingest, sender } = await connected({ packed: false, socketOptions: { transports: ['websocket'] } });
    expect(sender.send(toWireFrame(frame(0)))).toBe('sent');
    await vi.waitFor(() => expect(sender.stats.acked).toBe(1), { timeout: 5000, interval: 10 });
    const first = ingest.received[0]!;
    // Binary on the wire: the server gets bytes (Buffer), not JSON number arrays.
    expect(first.raw.v).toBe(1);
    const rawTrack = (first.raw.tracks as Record<string, unknown>[])[0]!;
    expect(Buffer.isBuffer(rawTrack.skeleton)).toBe(true);
    expect((rawTrack.skeleton as Buffer).byteLength).toBe(LANDMARK_COUNT * 4 * 4);
    expect(Buffer.isBuffer((rawTrack.bodyEmbedding as { vector: unknown }).vector)).toBe(true);
    expectDecoded(first);
  });

  it('refuses an invalid frame before sending it and counts it', async () => {
    const { ingest, sender } = await connected();
    const bad = toWireFrame(frame(1));
    (bad.tracks[0]!.quality as { score: number }).score = 7;
    expect(sender.send(bad)).toBe('invalid');
    expect(sender.send({ ...toWireFrame(frame(2)), cameraId: 'has spaces' })).toBe('invalid');
    expect(sender.send(toWireFrame(frame(3)))).toBe('sent');
    await vi.waitFor(() => expect(sender.stats.acked).toBe(1), { timeout: 5000, interval: 10 });
    expect(ingest.received).toHaveLength(1);
    expect(sender.stats.invalid).toBe(2);
    expect(sender.droppedFor('cam-1')).toBe(1);
  });

  it('drops and counts frames beyond maxInFlight while the server is slow, without queueing them', async () => {
    const { ingest, sender } = await connected({ maxInFlight: 3 });
    ingest.holdAcks = true;
    const wire = toWireFrame(frame(1));
    const results: Record<string, number> = {};
    for (let i = 0; i < 2000; i++) {
      const r = sender.send({ ...wire, seq: i });
      results[r] = (results[r] ?? 0) + 1;
      // Nothing accumulates anywhere: our in-flight set and socket.io's own send buffer stay bounded.
      expect(sender.inFlight).toBeLessThanOrEqual(3);
      expect(sender.socket.sendBuffer.length).toBe(0);
    }
    expect(results).toEqual({ sent: 3, 'dropped-backpressure': 1997 });
    await vi.waitFor(() => expect(ingest.held).toHaveLength(3), { timeout: 5000, interval: 10 });
    expect(ingest.received).toHaveLength(3);
    expect(sender.stats).toMatchObject({ droppedBackpressure: 1997, inFlight: 3, droppedByCamera: { 'cam-1': 1997 } });
    // The server catches up: slots free, frames flow again.
    ingest.releaseAcks();
    await vi.waitFor(() => expect(sender.inFlight).toBe(0), { timeout: 5000, interval: 10 });
    expect(sender.send({ ...wire, seq: 5000 })).toBe('sent');
    await vi.waitFor(() => expect(sender.stats.acked).toBe(4), { timeout: 5000, interval: 10 });
  });

  it('frees the slots of acks that never come (timeout) instead of stalling', async () => {
    const { ingest, sender } = await connected({ maxInFlight: 2, ackTimeoutMs: 200 });
    ingest.holdAcks = true;
    sender.send(toWireFrame(frame(1)));
    sender.send(toWireFrame(frame(2)));
    expect(sender.send(toWireFrame(frame(3)))).toBe('dropped-backpressure');
    await vi.waitFor(() => expect(sender.stats.ackTimeouts).toBe(2), { timeout: 5000, interval: 20 });
    expect(sender.send(toWireFrame(frame(4)))).toBe('sent');
  });

  it('keeps running while the server is down and resumes sending when it is back, without restart', async () => {
    const { ingest, sender } = await connected();
    expect(sender.send(toWireFrame(frame(1)))).toBe('sent');
    await vi.waitFor(() => expect(ingest.received).toHaveLength(1), { timeout: 5000, interval: 10 });
    await ingest.stop();
    await vi.waitFor(() => expect(sender.connected).toBe(false), { timeout: 5000, interval: 10 });
    let offline = 0;
    for (let i = 0; i < 100; i++) if (sender.send(toWireFrame(frame(10 + i))) === 'dropped-offline') offline++;
    expect(offline).toBe(100);
    expect(sender.socket.sendBuffer.length).toBe(0);
    ingest.received = [];
    await ingest.start(ingest.port); // same address, as a restarted server would be
    await vi.waitFor(() => expect(sender.connected).toBe(true), { timeout: 10_000, interval: 20 });
    expect(sender.send(toWireFrame(frame(200)))).toBe('sent');
    await vi.waitFor(() => expect(ingest.received).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect(ingest.received[0]!.parsed.success).toBe(true);
    expect(ingest.received[0]!.parsed.data!.seq).toBe(200);
    expect(sender.stats).toMatchObject({ droppedOffline: 100, connects: 2, disconnects: 1 });
  });

  it('reconnects after the server kicks it out, and after a refused handshake once the token is accepted', async () => {
    const { ingest, sender } = await connected();
    ingest.io.of('/worker').disconnectSockets(true); // server-side disconnect: socket.io would not retry by itself
    await vi.waitFor(() => expect(sender.stats.disconnects).toBe(1), { timeout: 5000, interval: 10 });
    await vi.waitFor(() => expect(sender.connected).toBe(true), { timeout: 5000, interval: 10 });
    expect(sender.stats.connects).toBe(2);
    // The server refuses the handshake for a while (e.g. tokens being rotated): the sender keeps trying.
    ingest.acceptedToken = 'rotating';
    ingest.io.of('/worker').disconnectSockets(true);
    await vi.waitFor(() => expect(ingest.refused).toBeGreaterThanOrEqual(2), { timeout: 5000, interval: 10 });
    expect(sender.connected).toBe(false);
    ingest.acceptedToken = TOKEN;
    await vi.waitFor(() => expect(sender.connected).toBe(true), { timeout: 5000, interval: 10 });
    expect(sender.stats.connects).toBe(3);
  });

  it('sends validated worker stats', async () => {
    const { ingest, sender } = await connected();
    const ok = sender.sendStats({
      workerId: 'w1',
      cameras: [{ cameraId: 'cam-1', decodedFrames: 10, analysedFps: 5, droppedFrames: 1, width: 768, height: 576, lastFrameTs: 1, stageMs: { detect: 40 } }],
      backend: 'wasm',
      at: Date.now(),
    });
    expect(ok).toBe(true);
    expect(sender.sendStats({ workerId: '', cameras: [], backend: 'wasm', at: 1 })).toBe(false);
    await vi.waitFor(() => expect(ingest.stats).toHaveLength(1), { timeout: 5000, interval: 10 });
  });

  it('fails over to the next server when its server dies, resending the frames that were in flight there', async () => {
    const first = new FakeIngest();
    const second = new FakeIngest();
    await first.start();
    await second.start();
    const s = new PerceptionSender({ url: [first.url, second.url], token: TOKEN, reconnectDelayMs: 50, reconnectDelayMaxMs: 200, maxInFlight: 3 }).start();
    try {
      await vi.waitFor(() => expect(s.connected).toBe(true), { timeout: 5000, interval: 10 });
      expect(s.send(toWireFrame(frame(1)))).toBe('sent');
      await vi.waitFor(() => expect(s.stats.acked).toBe(1), { timeout: 5000, interval: 10 });
      // The first server stops answering (its acks never come), then dies with two frames in flight.
      first.holdAcks = true;
      s.send(toWireFrame(frame(2)));
      s.send(toWireFrame(frame(3)));
      await vi.waitFor(() => expect(first.held).toHaveLength(2), { timeout: 5000, interval: 10 });
      await first.stop();
      await vi.waitFor(() => expect(s.stats.server).toBe(second.url), { timeout: 5000, interval: 10 });
      await vi.waitFor(() => expect(s.connected).toBe(true), { timeout: 5000, interval: 10 });
      // The two unacknowledged frames go again, first, to the second server; then new frames flow there.
      await vi.waitFor(() => expect(second.received.map((r) => r.parsed.data?.seq)).toEqual([2, 3]), { timeout: 5000, interval: 10 });
      expect(s.send(toWireFrame(frame(4)))).toBe('sent');
      await vi.waitFor(() => expect(second.received.map((r) => r.parsed.data?.seq)).toEqual([2, 3, 4]), { timeout: 5000, interval: 10 });
      expect(s.stats).toMatchObject({ resent: 2, failovers: 1, lostOnDisconnect: 2 });
      // A server down at connect time is skipped too: the list is walked round until one answers.
      await second.stop();
      await vi.waitFor(() => expect(s.connected).toBe(false), { timeout: 5000, interval: 10 });
      await first.start(first.port);
      await vi.waitFor(() => expect(s.connected && s.stats.server === first.url).toBe(true), { timeout: 10_000, interval: 20 });
    } finally {
      s.close();
      await first.stop().catch(() => undefined);
      await second.stop().catch(() => undefined);
    }
  });

  it('resends its in-flight frames to the same server when that is the only one', async () => {
    const { ingest, sender } = await connected({ maxInFlight: 2 });
    ingest.holdAcks = true;
    sender.send(toWireFrame(frame(7)));
    await vi.waitFor(() => expect(ingest.held).toHaveLength(1), { timeout: 5000, interval: 10 });
    await ingest.stop();
    ingest.received = [];
    ingest.holdAcks = false;
    await ingest.start(ingest.port);
    await vi.waitFor(() => expect(ingest.received.map((r) => r.parsed.data?.seq)).toEqual([7]), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(sender.stats).toMatchObject({ resent: 1, acked: 1, inFlight: 0 }), { timeout: 5000, interval: 10 });
  });
});
