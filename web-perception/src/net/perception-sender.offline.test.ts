/**
 * The sender's offline buffer: frames analysed while there is no server connection (a failover's gap, a server
 * restart) are kept, bounded per camera and by age, and sent in order once connected.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PerceptionSender, type PerceptionSenderOptions } from './perception-sender.ts';
import { toWireFrame } from './packing.ts';
import { FakeIngest, frame, TOKEN } from './testing/fake-ingest.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function server(): Promise<FakeIngest> {
  const s = new FakeIngest();
  await s.start();
  cleanup.push(() => s.stop().catch(() => undefined));
  return s;
}

async function sender(opts: PerceptionSenderOptions): Promise<PerceptionSender> {
  const s = new PerceptionSender({ reconnectDelayMs: 50, reconnectDelayMaxMs: 200, ...opts }).start();
  cleanup.push(() => s.close());
  await vi.waitFor(() => expect(s.connected).toBe(true), { timeout: 5000, interval: 10 });
  return s;
}

/** What a server received, as `camera:seq`. */
const got = (s: FakeIngest) => s.received.map((r) => `${r.parsed.data?.cameraId}:${r.parsed.data?.seq}`);
const until = (f: () => void) => vi.waitFor(f, { timeout: 10_000, interval: 10 });

describe('PerceptionSender offline buffer', () => {
  it('keeps the frames of a failover gap and sends them all to the next server, in order, a few in flight at a time', async () => {
    const first = await server();
    const second = await server();
    const s = await sender({ url: [first.url, second.url], token: TOKEN, maxInFlight: 3, offlineBuffer: { maxFramesPerCamera: 50, maxAgeMs: 60_000 } });
    expect(s.send(toWireFrame(frame(1)))).toBe('sent');
    await until(() => expect(s.stats.acked).toBe(1));
    second.holdAcks = true;
    await first.stop();
    await until(() => expect(s.connected).toBe(false));
    // The gap: two cameras' frames, interleaved, while no server is connected.
    const offered: string[] = [];
    for (let i = 2; i <= 11; i++)
      for (const cam of ['cam-1', 'cam-2']) {
        expect(s.send(toWireFrame(frame(i, cam)))).toBe('buffered');
        offered.push(`${cam}:${i}`);
      }
    expect(s.stats).toMatchObject({ buffered: 20, droppedOffline: 0 });
    expect(s.bufferFor('cam-2')).toEqual({ buffered: 10, dropped: 0 });
    // On the second server: only maxInFlight of them before its acks come.
    await until(() => expect(second.received).toHaveLength(3));
    expect(s.stats.inFlight).toBe(3);
    // A frame offered while the buffer drains goes behind it, not ahead.
    expect(s.send(toWireFrame(frame(12)))).toBe('buffered');
    offered.push('cam-1:12');
    second.releaseAcks();
    await until(() => expect(got(second)).toEqual(offered));
    await until(() => expect(s.stats).toMatchObject({ acked: 22, buffered: 0, inFlight: 0 }));
    expect(s.stats).toMatchObject({ bufferedTotal: 21, sentFromBuffer: 21, droppedBuffer: 0, droppedOffline: 0, failovers: 1 });
    // Drained: new frames go straight out again.
    expect(s.send(toWireFrame(frame(13)))).toBe('sent');
    await until(() => expect(got(second).at(-1)).toBe('cam-1:13'));
  });

  it('over its size a camera drops its oldest frames, counted per camera; other cameras keep theirs', async () => {
    const ingest = await server();
    const s = await sender({ url: ingest.url, token: TOKEN, offlineBuffer: { maxFramesPerCamera: 5, maxAgeMs: 60_000 } });
    await ingest.stop();
    await until(() => expect(s.connected).toBe(false));
    for (let i = 1; i <= 8; i++) s.send(toWireFrame(frame(i, 'cam-1')));
    s.send(toWireFrame(frame(100, 'cam-2')));
    s.send(toWireFrame(frame(101, 'cam-2')));
    expect(s.bufferFor('cam-1')).toEqual({ buffered: 5, dropped: 3 });
    expect(s.bufferFor('cam-2')).toEqual({ buffered: 2, dropped: 0 });
    expect(s.stats).toMatchObject({ buffered: 7, droppedBuffer: 3, droppedByCamera: { 'cam-1': 3 } });
    ingest.received = [];
    await ingest.start(ingest.port);
    await until(() => expect(got(ingest)).toEqual(['cam-1:4', 'cam-1:5', 'cam-1:6', 'cam-1:7', 'cam-1:8', 'cam-2:100', 'cam-2:101']));
  });

  it('drops buffered frames older than its age limit instead of sending them', async () => {
    let t = 0;
    const ingest = await server();
    const s = await sender({ url: ingest.url, token: TOKEN, now: () => t, offlineBuffer: { maxFramesPerCamera: 50, maxAgeMs: 1000 } });
    await ingest.stop();
    await until(() => expect(s.connected).toBe(false));
    for (let i = 1; i <= 6; i++) {
      t = i * 300; // offered at 300, 600, … 1800 ms
      s.send(toWireFrame(frame(i)));
    }
    t = 2000; // frames 1–3 (300–900 ms) are now more than 1 s old
    ingest.received = [];
    await ingest.start(ingest.port);
    await until(() => expect(got(ingest)).toEqual(['cam-1:4', 'cam-1:5', 'cam-1:6']));
    expect(s.stats).toMatchObject({ droppedBuffer: 3, sentFromBuffer: 3, buffered: 0 });
    expect(s.bufferFor('cam-1')).toEqual({ buffered: 0, dropped: 3 });
  });

  it('is off unless configured (frames offered offline are dropped and counted), and refuses bad bounds', async () => {
    const ingest = await server();
    const s = await sender({ url: ingest.url, token: TOKEN });
    await ingest.stop();
    await until(() => expect(s.connected).toBe(false));
    expect(s.send(toWireFrame(frame(1)))).toBe('dropped-offline');
    expect(s.stats).toMatchObject({ droppedOffline: 1, buffered: 0, bufferedTotal: 0 });
    expect(() => new PerceptionSender({ url: ingest.url, token: TOKEN, offlineBuffer: { maxFramesPerCamera: 1.5, maxAgeMs: 10 } })).toThrow(/maxFramesPerCamera/);
    expect(() => new PerceptionSender({ url: ingest.url, token: TOKEN, offlineBuffer: { maxFramesPerCamera: 5, maxAgeMs: 0 } })).toThrow(/maxAgeMs/);
  });
});
