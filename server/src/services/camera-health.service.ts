/**
 * Watches capture-node's `/health` and turns each camera's health changes into live `camera.health` events, and a
 * camera going down into a stored `camera_down` alert, so the console shows camera state without talking to
 * capture-node itself. A multi-host gym has every capture node of its config (`nodes:`) watched, each camera's
 * health taken from the node that ingests it, and the cameras of a node that stops answering reported down.
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

/** A capture node the server watches: its gym-config id (null: the one capture-node of a one-box gym) and URL. */
export interface CaptureNodeTarget {
  id: string | null;
  url: string;
}

export interface CameraHealthOptions {
  /** The node that ingests a camera (gym config `cameras[].node`): only its report of the camera counts. */
  ownerOf?: (cameraId: string) => string | null | undefined;
  /** A node unreachable this long has its cameras reported down (default 9 s: three polls). */
  downAfterMs?: number;
  now?: () => number;
}

interface NodeState {
  target: CaptureNodeTarget;
  /** Its cameras as it last reported them (null: never reached). */
  snapshot: CameraHealth[] | null;
  unreachableSince: number | null;
}

export class CameraHealthService {
  readonly current = new Map<string, CameraHealth>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly nodes: NodeState[];
  private readonly downAfterMs: number;
  private readonly now: () => number;

  constructor(
    /** capture-node's URL, or every capture node of a multi-host gym (gym config `nodes`). */
    targets: string | readonly CaptureNodeTarget[],
    private readonly bus: EventBus,
    private readonly writer: DbWriter,
    private readonly log: Logger,
    /** A capture token for /health when capture-node is not in loopback dev (CAPTURE_STATUS_TOKEN). */
    private readonly token: string | null = null,
    private readonly opts: CameraHealthOptions = {},
  ) {
    const list = typeof targets === 'string' ? [{ id: null, url: targets }] : targets;
    this.nodes = list.map((target) => ({ target, snapshot: null, unreachableSince: null }));
    this.downAfterMs = opts.downAfterMs ?? 9000;
    this.now = opts.now ?? Date.now;
  }

  start(everyMs = 3000): void {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * One look at every capture node; never throws. An unreachable node is logged once per outage; once it has been
   * unreachable for `downAfterMs` (after having answered once), the cameras it ingests are reported down: a killed
   * capture host must not leave its cameras "live" on the console and in `gym_camera_up`.
   */
  async poll(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.pollNode(n)));
    const now = this.now();
    for (const h of healthChanges(this.current, this.merged(now))) {
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

  private async pollNode(n: NodeState): Promise<void> {
    const node = n.target.id ? { node: n.target.id } : {};
    try {
      const r = await fetch(new URL('/health', n.target.url), {
        signal: AbortSignal.timeout(2000),
        ...(this.token ? { headers: { authorization: `Bearer ${this.token}` } } : {}),
      });
      const cameras = CaptureHealth.parse(await r.json()).cameras;
      if (n.unreachableSince !== null && n.snapshot) this.log.info(node, 'capture-node reachable again');
      n.unreachableSince = null;
      n.snapshot = cameras;
    } catch (err) {
      if (n.unreachableSince === null) {
        n.unreachableSince = this.now();
        // Before the first answer this is usually start-up order, not an outage.
        if (n.snapshot) this.log.warn({ ...node, err: (err as Error).message }, 'capture-node health not readable');
        else this.log.info(node, 'waiting for capture-node');
      }
    }
  }

  /** Each camera's health from the node that ingests it (else the first node reporting it). */
  private merged(now: number): CameraHealth[] {
    const ids = new Set(this.nodes.map((n) => n.target.id).filter((id): id is string => id !== null));
    const out = new Map<string, CameraHealth>();
    for (const n of this.nodes) {
      if (!n.snapshot) continue;
      const gone = n.unreachableSince !== null && now - n.unreachableSince >= this.downAfterMs;
      for (const h of n.snapshot) {
        const owner = this.opts.ownerOf?.(h.cameraId);
        // Another node's camera that this one pipes: its owner's report counts, not this view of it.
        if (owner && ids.has(owner) && owner !== n.target.id) continue;
        if (out.has(h.cameraId)) continue;
        const reason = `capture node ${n.target.id ?? new URL(n.target.url).host} unreachable`;
        out.set(h.cameraId, gone ? { cameraId: h.cameraId, state: 'down', reason, since: n.unreachableSince! } : h);
      }
    }
    return [...out.values()];
  }
}
