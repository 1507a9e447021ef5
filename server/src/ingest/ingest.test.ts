import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import type { GymEvent } from '@gym/shared';
import { DB_PATHS } from '../testing/db.ts';
import { frame, scrape, sendFrame, startTestServer, trackAt, unitVec, workerClient, type TestServer } from '../testing/server.ts';
import { embeddings, people, tracklets } from '../db/schema/index.ts';

describe.each(DB_PATHS)('ingest on the %s path', (path) => {
  let t: TestServer;
  let w: Socket;
  const events: GymEvent[] = [];
  beforeAll(async () => {
    t = await startTestServer(path);
    t.app.ctx.bus.on((e) => events.push(e));
    w = await workerClient(t.url);
  });
  afterAll(async () => {
    w?.disconnect();
    await t?.close();
  });

  it('refuses workers without a valid token', async () => {
    await expect(workerClient(t.url, 'wrong-token')).rejects.toThrow(/bad worker token/);
    await expect(workerClient(t.url, '')).rejects.toThrow(/bad worker token/);
  });

  it('answers malformed, unknown-camera and oversized messages with an error, counts them, and keeps serving', async () => {
    const errors: { code: string }[] = [];
    w.on('server:error', (e) => errors.push(e));
    const bad = await sendFrame(w, { v: 1, cameraId: 'cam-a', frameTs: 'yesterday', seq: 0, width: 640, height: 480, tracks: [] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(bad.error!.message).toContain('frameTs');
    for (const ts of [1e300, 8.64e15 + 1, Date.now() + 3_600_000, Date.now() - 86_400_000, 0]) {
      const r = await sendFrame(w, frame('cam-a', 0, ts, [trackAt(1, 0.5, 0.9)]));
      expect([ts, r]).toMatchObject([ts, { ok: false, error: { code: 'VALIDATION', message: expect.stringContaining('frameTs') } }]);
    }
    expect(await sendFrame(w, 'not even an object')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await sendFrame(w, frame('cam-zz', 0, Date.now(), []))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CAMERA' } });
    const skeletonNaN = frame('cam-a', 1, Date.now(), [{ ...trackAt(1, 0.5, 0.9), bodyEmbedding: { model: 'x', vector: new Uint8Array(7) } }]);
    expect(await sendFrame(w, skeletonNaN)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const huge = frame('cam-a', 2, Date.now(), [{ ...trackAt(1, 0.5, 0.9), bodyEmbedding: { model: 'x', vector: new Uint8Array(200_000) } }]);
    expect(await sendFrame(w, huge)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    await vi.waitFor(() => expect(errors.length).toBe(10));
    // Still serving: a good frame goes through on the same connection.
    expect(await sendFrame(w, frame('cam-a', 3, Date.now(), []))).toEqual({ ok: true, data: { accepted: 0 } });
    const metrics = await scrape(t.url);
    expect(metrics).toMatch(/gym_ingest_rejected_total\{reason="invalid"\} 3/);
    expect(metrics).toMatch(/gym_ingest_rejected_total\{reason="oversized"\} 1/);
    expect(metrics).toMatch(/gym_ingest_rejected_total\{reason="unknown_camera"\} 1/);
    expect(metrics).toMatch(/gym_ingest_rejected_total\{reason="bad_timestamp"\} 5/);
  });

  it('takes packed frames (all vectors in one buffer) like per-track ones, and answers malformed packed frames with an error', async () => {
    const t0 = Date.now() - 20_000;
    const body = Float32Array.from(unitVec(64, 9));
    const skeleton = new Float32Array(132).fill(0.5);
    const floats = new Float32Array(132 + 64);
    floats.set(skeleton);
    floats.set(body, 132);
    const packed = (seq: number, over: Record<string, unknown> = {}, track: Record<string, unknown> = {}) => ({
      ...frame('cam-c', seq, t0 + seq * 200, []),
      v: 2,
      floats: Buffer.from(floats.buffer),
      tracks: [{ ...trackAt(41, 0.4, 0.9), quality: { score: 0.95, heightPx: 300 }, skeleton: { offset: 0, length: 132 }, bodyEmbedding: { model: 'appearance-stripes-v1', offset: 132, length: 64 }, ...track }],
      ...over,
    });
    expect(await sendFrame(w, packed(300))).toEqual({ ok: true, data: { accepted: 1 } });
    await t.app.ctx.writer.drain();
    const [tr] = await t.db.db.select().from(tracklets).where(eq(tracklets.trackId, 41));
    const [kept] = await t.db.db.select().from(embeddings).where(eq(embeddings.trackletId, tr!.id));
    expect(kept!.vector).toHaveLength(64);
    expect(kept!.vector[10]).toBeCloseTo(body[10]!, 5);

    const refusals = [
      packed(301, {}, { bodyEmbedding: { model: 'appearance-stripes-v1', offset: 132, length: 640 } }),
      packed(302, {}, { skeleton: { offset: 64, length: 132 } }),
      packed(303, { floats: Buffer.alloc(7) }),
      packed(304, { floats: 'not bytes' }),
      packed(305, {}, { skeleton: { offset: 0, length: 132, extra: 1 } }),
    ];
    for (const bad of refusals) {
      const a = await sendFrame(w, bad);
      expect(a).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(a.error!.message).toMatch(/floats|tracks\[0\]\.(skeleton|bodyEmbedding)/);
    }
    // Still serving on the same connection.
    expect(await sendFrame(w, packed(306))).toEqual({ ok: true, data: { accepted: 1 } });
  });

  it('gives two overlapping cameras’ views of the same people the same global ids, and different people different ids', async () => {
    // Person P at floor (3, 8), person Q at floor (7, 8). cam-a: image x = X/10; cam-b (mirrored): image x = 1 - X/10.
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 8; i++) {
      const ts = t0 + i * 200;
      const dx = i * 0.002;
      await sendFrame(w, frame('cam-a', 10 + i, ts, [trackAt(11, 0.3 + dx, 0.8), trackAt(12, 0.7, 0.8)]));
      if (i >= 2) await sendFrame(w, frame('cam-b', i, ts + 30, [trackAt(21, 0.3, 0.8), trackAt(22, 0.7 - dx, 0.8)]));
    }
    await t.app.ctx.writer.drain();
    const rows = await t.db.db.select().from(tracklets);
    const pid = (cam: string, track: number) => rows.find((r) => r.cameraId === cam && r.trackId === track)?.personId;
    expect(pid('cam-a', 11)).toBeTruthy();
    expect(pid('cam-a', 12)).toBeTruthy();
    expect(pid('cam-a', 11)).not.toBe(pid('cam-a', 12));
    expect(pid('cam-b', 22)).toBe(pid('cam-a', 11));
    expect(pid('cam-b', 21)).toBe(pid('cam-a', 12));
    const ids = new Set(events.filter((e) => e.type === 'person.seen').map((e) => (e as { personId: string }).personId));
    expect(ids.size).toBe(2);
    const ps = await t.db.db.select().from(people);
    expect(ps.every((p) => p.memberId === null)).toBe(true);
  });

  it('stores body embeddings only for good-quality observations, rate-limited per track', async () => {
    const t0 = Date.now() - 5_000;
    const body = { model: 'appearance-stripes-v1', vector: Float32Array.from(unitVec(64, 5)) };
    // Track 31: low detector score → never stored. Track 32: good, 6 frames over 1.2 s → one stored (at most one per 5 s).
    for (let i = 0; i < 6; i++) {
      await sendFrame(w, frame('cam-c', 100 + i, t0 + i * 200, [
        { ...trackAt(31, 0.45, 0.9), quality: { score: 0.3 }, bodyEmbedding: body },
        { ...trackAt(32, 0.5, 0.5), quality: { score: 0.95, heightPx: 300 }, bodyEmbedding: { model: body.model, vector: new Uint8Array(body.vector.buffer.slice(0)) } },
      ]));
    }
    await t.app.ctx.writer.drain();
    const trs = await t.db.db.select().from(tracklets).where(eq(tracklets.cameraId, 'cam-c'));
    const low = trs.find((r) => r.trackId === 31)!;
    const good = trs.find((r) => r.trackId === 32)!;
    expect(await t.db.db.select().from(embeddings).where(eq(embeddings.trackletId, low.id))).toHaveLength(0);
    const kept = await t.db.db.select().from(embeddings).where(eq(embeddings.trackletId, good.id));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.vector[0]).toBeCloseTo(body.vector[0]!, 5);
    // Tracks that stop appearing are closed with their extent.
    await sendFrame(w, frame('cam-c', 200, t0 + 5_000, []));
    await t.app.ctx.writer.drain();
    const [closed] = await t.db.db.select().from(tracklets).where(eq(tracklets.id, good.id));
    expect(closed!.frames).toBe(6);
    expect(closed!.endedAt.getTime() - closed!.startedAt.getTime()).toBe(1000);
  });
});
