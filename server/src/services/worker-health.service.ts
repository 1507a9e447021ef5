/**
 * Turns a perception worker going silent (no `worker:stats` for the store's stale time) into a stored
 * `worker_down` alert and a live `alert` event, once per outage; a worker that reports again is logged as back.
 * Cameras of a silent worker are not analysed: nobody is counted, identified or coached there.
 */
import type { Logger } from '@gym/shared/logger.ts';
import { alerts } from '../db/schema/index.ts';
import type { DbWriter } from '../db/writer.ts';
import type { EventBus } from './event-bus.ts';
import type { WorkerStatsStore } from './worker-stats.store.ts';

export class WorkerHealthService {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly stats: WorkerStatsStore,
    private readonly bus: EventBus,
    private readonly writer: DbWriter,
    private readonly log: Logger,
  ) {}

  start(everyMs = 2000): void {
    this.timer = setInterval(() => this.check(Date.now()), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  check(now: number): void {
    const { down, up } = this.stats.staleChanges(now);
    for (const w of down) {
      const cams = w.cameras.map((c) => c.cameraId);
      // One camera: the alert belongs to it (staff see it with that camera's grant); several: to the whole gym.
      const cameraId = cams.length === 1 ? cams[0]! : null;
      const silentS = Math.round((now - w.at) / 1000);
      const message = `Perception worker ${w.workerId} stopped reporting ${silentS} s ago${cams.length ? `: ${cams.join(', ')} not analysed` : ''}`;
      this.log.warn({ workerId: w.workerId, cameras: cams }, 'perception worker down');
      this.writer.run('insert alert', (db) => db.insert(alerts).values({ at: new Date(now), kind: 'worker_down', severity: 'critical', cameraId, personId: null, message, details: { workerId: w.workerId, cameras: cams } }));
      this.bus.emit({ type: 'alert', at: now, alertId: `worker_down:${w.workerId}:${now}`, kind: 'worker_down', severity: 'critical', cameraId, personId: null, message });
    }
    for (const workerId of up) this.log.info({ workerId }, 'perception worker reporting again');
  }
}
