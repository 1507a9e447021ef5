/**
 * #18 slow-loris and slow consumers. A client that dribbles its request a byte a second is answered 408 and cut off
 * (headers and body), while the server keeps answering everyone else; a /live client that stops reading is
 * disconnected once its unsent backlog passes the bound, and a client that reads keeps getting every event.
 * No timed asserts: everything polls with generous deadlines.
 */
import type { Socket as TcpSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { NS, type GymEvent } from '@gym/shared';
import { silentClient, slowBody, slowHeaders, until } from '@gym/shared/testing/slow-client.ts';
import { bufferedBytes } from './live/slow-consumers.ts';
import { api, client, scrape, seedActors, startTestServer, type Actors, type TestServer } from './testing/server.ts';

describe('slow clients', () => {
  let t: TestServer;
  let a: Actors;
  let port: number;
  beforeAll(async () => {
    t = await startTestServer('pglite', { httpTimeouts: { headersMs: 3000, requestMs: 5000, idleMs: 4000, checkEveryMs: 250 }, live: { maxBufferedBytes: 512 * 1024, checkEveryMs: 200 } });
    a = await seedActors(t);
    port = Number(new URL(t.url).port);
  });
  afterAll(async () => t?.close());

  it('cuts off clients that send their headers or body a byte a second, and keeps answering the rest', async () => {
    const headers = Array.from({ length: 20 }, () => slowHeaders(port));
    const bodies = Array.from({ length: 5 }, () => slowBody(port, '/api/auth/login'));
    const silent = silentClient(port);
    try {
      // While they dribble, everyone else is served.
      for (let i = 0; i < 3; i++) expect((await api(t, 'GET', '/health')).status).toBe(200);
      expect((await api(t, 'GET', '/api/me', a.member1)).status).toBe(200);
      await until('every dribbling client, and the silent one, to be cut off', () => [...headers, ...bodies, silent].every((d) => d.state.closed));
      for (const d of [...headers, ...bodies]) {
        // Cut off long before the dribble would have finished, and told why where HTTP still could.
        expect(d.state.sent).toBeLessThan(100);
        if (d.state.received) expect(d.state.received).toMatch(/^HTTP\/1\.1 408/);
      }
      expect(headers.filter((d) => d.state.received.startsWith('HTTP/1.1 408')).length).toBeGreaterThan(0);
      expect((await api(t, 'GET', '/health')).status).toBe(200);
    } finally {
      for (const d of [...headers, ...bodies, silent]) d.stop();
    }
  });

  it('disconnects a /live client that stops reading before its backlog grows without bound; a reading client gets everything', async () => {
    const reader = await client(t.url, NS.live, a.admin);
    const stalled: Socket = await client(t.url, NS.live, a.admin);
    const got: GymEvent[] = [];
    reader.on('event', (e: GymEvent) => got.push(e));
    let stalledGone = false;
    stalled.on('disconnect', () => (stalledGone = true));
    // The stalled client's process stops reading its TCP socket: the kernel buffers fill, then the server's.
    const raw = (stalled.io.engine.transport as unknown as { ws: { _socket: TcpSocket } }).ws._socket;
    raw.pause();
    const serverSide = () => [...t.app.io.of(NS.live).sockets.values()];
    const reason = 'r'.repeat(16_000);
    let sent = 0;
    let maxBacklog = 0;
    try {
      // Up to 400 MB of events; the bound (512 KiB) has to trip long before.
      while (sent < 25_000) {
        // Batches of 160 KB, paced by the reader (it has caught up before the next): a reading client never holds
        // anywhere near the bound, however loaded the machine; the stalled one only grows.
        for (let i = 0; i < 10; i++) t.app.ctx.bus.emit({ type: 'camera.health', at: Date.now(), health: { cameraId: 'cam-a', state: 'live', reason, since: sent++ } });
        await until('the reader to keep up', () => got.length >= sent - 10 || reader.disconnected);
        expect(reader.connected).toBe(true);
        maxBacklog = Math.max(maxBacklog, ...serverSide().map(bufferedBytes));
        if (serverSide().length < 2) break;
      }
      await until('the stalled client to be dropped on the server', () => serverSide().length === 1);
      expect(sent).toBeLessThan(25_000);
      // Bounded: never much more than the limit plus what one check interval lets in.
      expect(maxBacklog).toBeLessThan(64 * 1024 * 1024);
      expect(await scrape(t.url)).toMatch(/gym_live_slow_clients_total 1\b/);
      // The reader got every event, in order.
      await until('the reader to receive every event', () => got.length === sent);
      expect(got.map((e) => (e as { health: { since: number } }).health.since)).toEqual(Array.from({ length: sent }, (_, i) => i));
      raw.resume();
      await until('the stalled client to notice', () => stalledGone);
    } finally {
      reader.disconnect();
      stalled.disconnect();
    }
  });
});
