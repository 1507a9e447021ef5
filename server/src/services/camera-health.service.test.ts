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
});
