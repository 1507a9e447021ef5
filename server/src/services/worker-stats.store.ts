/**
 * Latest `worker:stats` report of each perception worker, kept in memory so the console's health page can show
 * per camera/worker analysed fps, drops, stage latencies and backend. Pure bookkeeping: no I/O.
 * A worker that has not reported for `staleMs` is marked stale (not dropped), so a dead worker stays visible.
 */
import type { WorkerStats } from '@gym/shared';

export interface WorkerStatsEntry {
  stats: WorkerStats;
  receivedAt: number;
  /** How many times this worker id has (re)connected since the server started: restarts = connects - 1. */
  connects: number;
  stale: boolean;
}

export class WorkerStatsStore {
  private readonly latest = new Map<string, { stats: WorkerStats; receivedAt: number }>();
  private readonly connectCount = new Map<string, number>();
  /** Workers already reported down by `staleChanges` (until they report again). */
  private readonly down = new Set<string>();

  constructor(private readonly staleMs = 15_000) {}

  /** Counts a (re)connection of a worker; called once per socket when its first report names the worker. */
  connected(workerId: string): void {
    this.connectCount.set(workerId, (this.connectCount.get(workerId) ?? 0) + 1);
  }

  record(stats: WorkerStats, receivedAt: number): void {
    const prev = this.latest.get(stats.workerId);
    // An out-of-order older report never replaces a newer one.
    if (prev && prev.stats.at > stats.at) return;
    this.latest.set(stats.workerId, { stats, receivedAt });
  }

  /**
   * Workers that went silent since the last call (their last report, once per outage) and those that came back.
   * The worker-health watcher turns the first into `worker_down` alerts.
   */
  staleChanges(now: number): { down: WorkerStats[]; up: string[] } {
    const down: WorkerStats[] = [];
    const up: string[] = [];
    for (const [workerId, { stats, receivedAt }] of this.latest) {
      const stale = now - receivedAt > this.staleMs;
      if (stale && !this.down.has(workerId)) {
        this.down.add(workerId);
        down.push(stats);
      } else if (!stale && this.down.delete(workerId)) up.push(workerId);
    }
    return { down, up };
  }

  /** Every worker's latest report, with only the cameras `mayView` allows; workers left with none are omitted. */
  list(now: number, mayView: (cameraId: string) => boolean = () => true): WorkerStatsEntry[] {
    const out: WorkerStatsEntry[] = [];
    for (const [workerId, { stats, receivedAt }] of this.latest) {
      const cameras = stats.cameras.filter((c) => mayView(c.cameraId));
      if (stats.cameras.length > 0 && cameras.length === 0) continue;
      out.push({ stats: { ...stats, cameras }, receivedAt, connects: this.connectCount.get(workerId) ?? 1, stale: now - receivedAt > this.staleMs });
    }
    return out.sort((a, b) => a.stats.workerId.localeCompare(b.stats.workerId));
  }
}
