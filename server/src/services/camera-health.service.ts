/**
 * Watches capture-node's `/health` and turns each camera's health changes into live `camera.health` events, and a
 * camera going down into a stored `camera_down` alert, so the console shows camera state without talking to
 * capture-node itself.
 */
import { CameraHealth } from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import { z } from 'zod';
import { alerts } from '../db/schema/index.ts';
import type { DbWriter } from '../db/writer.ts';
import type { EventBus } from './event-bus.ts';

const CaptureHealth = z.object({ cameras: z.array(CameraHealth) });

/** Pure: which cameras changed state (or reason) between two snapshots. */
export function healthChanges(before: ReadonlyMap<string, CameraHealth>, now: readonly CameraHealth[]): CameraHealth[] {
  return now.filter((h) => {
    const b = before.get(h.cameraId);
    return !b || b.state !== h.state || b.reason !== h.reason;
  });
}

export class CameraHealthService {
  readonly current = new Map<string, CameraHealth>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private unreachableSince: number | null = null;
  private everReached = false;

  constructor(
    private readonly captureUrl: string,
    private readonly bus: EventBus,
    private readonly writer: DbWriter,
    private readonly log: Logger,
    /** A capture token for /health when capture-node is not in loopback dev (CAPTURE_STATUS_TOKEN). */
    private readonly token: string | null = null,
  ) {}

  start(everyMs = 3000): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look at capture-node; never throws (an unreachable capture-node is logged once per outage). */
  async poll(): Promise<void> {
    let snapshot: CameraHealth[];
    try {
      const r = await fetch(new URL('/health', this.captureUrl), {
        signal: AbortSignal.timeout(2000),
        ...(this.token ? { headers: { authorization: `Bearer ${this.token}` } } : {}),
      });
      snapshot = CaptureHealth.parse(await r.json()).cameras;
      if (this.unreachableSince !== null && this.everReached) this.log.info('capture-node reachable again');
      this.unreachableSince = null;
      this.everReached = true;
    } catch (err) {
      if (this.unreachableSince === null) {
        this.unreachableSince = Date.now();
        // Before the first answer this is usually start-up order, not an outage.
        if (this.everReached) this.log.warn({ err: (err as Error).message }, 'capture-node health not readable');
        else this.log.info('waiting for capture-node');
      }
      return;
    }
    const now = Date.now();
    for (const h of healthChanges(this.current, snapshot)) {
      const wasDown = this.current.get(h.cameraId)?.state === 'down';
      this.current.set(h.cameraId, h);
      this.bus.emit({ type: 'camera.health', at: now, health: h });
      if (h.state === 'down' && !wasDown) {
        const message = `Camera ${h.cameraId} is down${h.reason ? `: ${h.reason}` : ''}`;
        this.writer.run('insert alert', (db) => db.insert(alerts).values({ at: new Date(now), kind: 'camera_down', severity: 'critical', cameraId: h.cameraId, personId: null, message, details: {} }));
        this.bus.emit({ type: 'alert', at: now, alertId: `camera_down:${h.cameraId}:${now}`, kind: 'camera_down', severity: 'critical', cameraId: h.cameraId, personId: null, message });
      }
    }
  }
}
