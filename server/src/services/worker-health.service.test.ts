/**
 * A perception worker that stops reporting raises one stored `worker_down` alert per outage (and a live event);
 * reporting again ends the outage, so the next silence alerts again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerStats, type GymEvent } from '@gym/shared';
import { createLogger } from '@gym/shared/logger.ts';
import { alerts } from '../db/schema/index.ts';
import { DbWriter } from '../db/writer.ts';
import { openTestDb, type TestDb } from '../testing/db.ts';
import { EventBus } from './event-bus.ts';
import { WorkerHealthService } from './worker-health.service.ts';
import { WorkerStatsStore } from './worker-stats.store.ts';

const report = (workerId: string, at: number, cams: string[]) =>
  WorkerStats.parse({ workerId, backend: 'wasm', at, cameras: cams.map((cameraId) => ({ cameraId, decodedFrames: 10, analysedFps: 5, droppedFrames: 0, width: 640, height: 480, lastFrameTs: at })) });

describe('worker health', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('alerts once per outage, on the camera of a one-camera worker and gym-wide for a worker of several', async () => {
    const bus = new EventBus();
    const events: GymEvent[] = [];
    bus.on((e) => events.push(e));
    const log = createLogger('test', { level: 'silent' });
    const writer = new DbWriter(db.db, log);
    const store = new WorkerStatsStore(5000);
    const svc = new WorkerHealthService(store, bus, writer, log);
    store.record(report('w1', 0, ['cam-a']), 0);
    store.record(report('w2', 0, ['cam-b', 'cam-c']), 0);
    svc.check(4000);
    expect(events).toHaveLength(0);
    store.record(report('w2', 4000, ['cam-b', 'cam-c']), 4000);
    svc.check(6000); // w1 silent for 6 s: down; w2 reported 2 s ago
    svc.check(8000); // still down: no second alert
    expect(events.map((e) => e.type === 'alert' && [e.kind, e.cameraId])).toEqual([['worker_down', 'cam-a']]);
    svc.check(9500); // w2 silent for 5.5 s
    store.record(report('w1', 10_000, ['cam-a']), 10_000); // w1 back
    svc.check(10_500);
    store.record(report('w1', 10_500, ['cam-a']), 10_500);
    svc.check(20_000); // w1 silent again: a new outage
    await writer.drain();
    const rows = await db.db.select().from(alerts).orderBy(alerts.id);
    expect(rows.map((r) => [r.kind, r.severity, r.cameraId])).toEqual([
      ['worker_down', 'critical', 'cam-a'],
      ['worker_down', 'critical', null],
      ['worker_down', 'critical', 'cam-a'],
    ]);
    expect(rows[1]!.message).toMatch(/^Perception worker w2 stopped reporting \d+ s ago: cam-b, cam-c not analysed$/);
  });
});
