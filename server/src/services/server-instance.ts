/**
 * This server process as one of several on a database (docs/scaling.md): a row in `server_instances` whose
 * `last_seen_at` it refreshes every `heartbeatMs`, and a sweep on the same tick that closes the open sets and
 * sessions of instances silent for longer than `staleMs` (a neighbour that was SIGKILLed, or a host that died).
 * The id is kept in the data dir, so a restarted process is the same instance and closes what it left at once.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Logger } from '@gym/shared/logger.ts';
import type { Db } from '../db/client.ts';
import { closeOpenWorkouts, closeOwnWorkouts } from './workout-recovery.ts';

/** The instance id stored in `<dataDir>/instance-id` (created on first use). */
export function instanceIdIn(dataDir: string): string {
  const path = resolve(dataDir, 'instance-id');
  if (existsSync(path)) {
    const v = readFileSync(path, 'utf8').trim();
    if (v) return v;
  }
  mkdirSync(dirname(path), { recursive: true });
  const v = `srv-${randomBytes(6).toString('hex')}`;
  writeFileSync(path, v + '\n');
  return v;
}

export interface ServerInstanceOptions {
  heartbeatMs: number;
  staleMs: number;
  log: Logger;
}

export class ServerInstance {
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly db: Db,
    readonly id: string,
    private readonly o: ServerInstanceOptions,
  ) {}

  /**
   * Start-up: closes what this instance's previous run and gone instances left open, then registers (or
   * refreshes) its row. Returns what was closed.
   */
  async start(): Promise<{ sets: number; sessions: number }> {
    const closed = await closeOpenWorkouts(this.db, { staleMs: this.o.staleMs, gone: this.id });
    await this.db.execute(sql`
      insert into server_instances (id, started_at, last_seen_at) values (${this.id}, now(), now())
      on conflict (id) do update set started_at = now(), last_seen_at = now()`);
    return closed;
  }

  /** Heartbeat and sweep every `heartbeatMs` (a failed tick is logged; the next one tries again). */
  run(): this {
    this.timer = setInterval(() => void this.tick(), this.o.heartbeatMs);
    this.timer.unref();
    return this;
  }

  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.db.execute(sql`update server_instances set last_seen_at = now() where id = ${this.id}`);
      const closed = await closeOpenWorkouts(this.db, { staleMs: this.o.staleMs, keep: this.id });
      if (closed.sets || closed.sessions) this.o.log.info(closed, 'closed sets and sessions a stopped server left open');
    } catch (err) {
      this.o.log.warn({ err }, 'server heartbeat failed');
    } finally {
      this.ticking = false;
    }
  }

  /** A clean stop (after the writer drained): closes its own open sets and sessions and leaves the table. */
  async stop(): Promise<{ sets: number; sessions: number }> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const closed = await closeOwnWorkouts(this.db, this.id);
    await this.db.execute(sql`delete from server_instances where id = ${this.id}`);
    return closed;
  }
}
