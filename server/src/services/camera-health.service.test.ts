import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraHealth, GymEvent } from '@gym/shared';
import { createLogger } from '@gym/shared/logger.ts';
import { alerts } from '../db/schema/index.ts';
import { DbWriter } from '../db/writer.ts';
import { openTestDb, type TestDb } from '../testing/db.ts';
import { CameraHealthService, healthChanges } from './camera-health.service.ts';
import { EventBus } from './event-bus.ts';

const h = (cameraId: string, state: CameraHealth['state'], reason: string | null = null): CameraHealth => ({ cameraId, state, reason, since: 1 });

describe('camera health', () => {
  it('reports only cameras whose state or reason changed', () => {
    const before = new Map([['a', h('a', 'live')], ['b', h('b', 'connecting')]]);
    expect(healthChanges(before, [h('a', 'live'), h('b', 'down', 'timeout'), h('c', 'connecting')]).map((x) => x.cameraId)).toEqual(['b', 'c']);
    expect(healthChanges(new Map([['b', h('b', 'down', 'timeout')]]), [h('b', 'down', 'refused')])).toHaveLength(1);
  });

  describe('watching a capture-node', () => {
    let db: TestDb;
    let server: Server;
    let url: string;
    let reply: () => unknown = () => ({ cameras: [] });
    beforeAll(async () => {
      db = await openTestDb('pglite');
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply()));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      server.close();
      await db?.close();
    });

    it('emits health events on change, one stored camera_down alert per outage, and survives garbage and outages', async () => {
      const bus = new EventBus();
      const events: GymEvent[] = [];
      bus.on((e) => events.push(e));
      const log = createLogger('test', { level: 'silent' });
      const writer = new DbWriter(db.db, log);
      const svc = new CameraHealthService(url, bus, writer, log);

      reply = () => ({ ok: true, cameras: [h('cam-a', 'live'), h('cam-b', 'connecting')] });
      await svc.poll();
      await svc.poll(); // unchanged: nothing new
      expect(events.map((e) => e.type)).toEqual(['camera.health', 'camera.health']);

      reply = () => ({ cameras: [h('cam-a', 'live'), h('cam-b', 'down', 'connection refused')] });
      await svc.poll();
      reply = () => ({ cameras: [h('cam-a', 'live'), h('cam-b', 'down', 'timeout')] }); // still down, other reason
      await svc.poll();
      reply = () => ({ nonsense: true });
      await svc.poll();
      const unreachable = new CameraHealthService('http://127.0.0.1:1', bus, writer, log);
      await unreachable.poll();

      const alertsSent = events.filter((e) => e.type === 'alert');
      expect(alertsSent).toHaveLength(1);
      expect(alertsSent[0]).toMatchObject({ kind: 'camera_down', cameraId: 'cam-b', severity: 'critical' });
      expect(events.filter((e) => e.type === 'camera.health')).toHaveLength(4);
      expect(svc.current.get('cam-b')).toMatchObject({ state: 'down', reason: 'timeout' });
      await writer.drain();
      const rows = await db.db.select().from(alerts);
      expect(rows.map((r) => [r.kind, r.cameraId])).toEqual([['camera_down', 'cam-b']]);
    });
  });

  describe('watching several capture hosts', () => {
    let db: TestDb;
    const nodes: { server: Server; url: string; reply: () => unknown; up: boolean }[] = [];
    beforeAll(async () => {
      db = await openTestDb('pglite');
      for (let i = 0; i < 2; i++) {
        const n = { server: null as unknown as Server, url: '', reply: (): unknown => ({ cameras: [] }), up: true };
        n.server = createServer((req, res) => {
          if (!n.up) return void req.socket.destroy(); // a killed host: no answer
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(n.reply()));
        });
        await new Promise<void>((r) => n.server.listen(0, '127.0.0.1', () => r()));
        n.url = `http://127.0.0.1:${(n.server.address() as { port: number }).port}`;
        nodes.push(n);
      }
    });
    afterAll(async () => {
      for (const n of nodes) n.server.close();
      await db?.close();
    });

    it('takes each camera from the node that ingests it, and reports a silent node\'s cameras down after the grace', async () => {
      const [a, b] = nodes as [(typeof nodes)[number], (typeof nodes)[number]];
      const bus = new EventBus();
      const events: GymEvent[] = [];
      bus.on((e) => events.push(e));
      const log = createLogger('test', { level: 'silent' });
      const writer = new DbWriter(db.db, log);
      let t = 1_000_000;
      const owner: Record<string, string> = { 'cam-a': 'node-a', 'cam-b': 'node-b' };
      const svc = new CameraHealthService([{ id: 'node-a', url: a.url }, { id: 'node-b', url: b.url }], bus, writer, log, null, { ownerOf: (id) => owner[id], downAfterMs: 9000, now: () => t });
      const health = () => events.filter((e) => e.type === 'camera.health').map((e) => (e.type === 'camera.health' ? `${e.health.cameraId}:${e.health.state}` : ''));

      // Node A ingests cam-a and pipes cam-b (its view of cam-b stays "live"); node B ingests cam-b.
      a.reply = () => ({ cameras: [h('cam-a', 'live'), h('cam-b', 'live')] });
      b.reply = () => ({ cameras: [h('cam-b', 'live')] });
      await svc.poll();
      expect(health()).toEqual(['cam-a:live', 'cam-b:live']);
      // cam-b's owner says down: that counts, not node A's stale view.
      b.reply = () => ({ cameras: [h('cam-b', 'down', 'rtsp timeout')] });
      await svc.poll();
      expect(svc.current.get('cam-b')).toMatchObject({ state: 'down', reason: 'rtsp timeout' });
      b.reply = () => ({ cameras: [h('cam-b', 'live')] });
      await svc.poll();
      expect(svc.current.get('cam-b')?.state).toBe('live');

      // Host B is killed: within the grace nothing changes, then its cameras are down (one alert), cam-a stays live.
      b.up = false;
      await svc.poll();
      t += 5000;
      await svc.poll();
      expect(svc.current.get('cam-b')?.state).toBe('live');
      t += 5000;
      await svc.poll();
      expect(svc.current.get('cam-b')).toMatchObject({ state: 'down', reason: 'capture node node-b unreachable' });
      expect(svc.current.get('cam-a')?.state).toBe('live');
      t += 5000;
      await svc.poll();
      const downAlerts = events.filter((e) => e.type === 'alert' && e.cameraId === 'cam-b');
      expect(downAlerts).toHaveLength(2); // the rtsp timeout before, and this outage: once
      // Host B back: cam-b live again.
      b.up = true;
      await svc.poll();
      expect(svc.current.get('cam-b')?.state).toBe('live');
      expect(health().slice(-2)).toEqual(['cam-b:down', 'cam-b:live']);
    });
  });
});
