/**
 * Ordered background writes. The ingest hot path never waits for the database: it enqueues writes here (ids
 * are generated in-process), and they run in order, one at a time, with consecutive embedding inserts batched
 * into one statement. A failed write is logged and counted, never thrown into the ingest path.
 */
import type { Logger } from '@gym/shared/logger.ts';
import type { Db } from './client.ts';
import type { PgTable } from 'drizzle-orm/pg-core';
type Op = { kind: 'run'; what: string; fn: (db: Db) => Promise<unknown> } | { kind: 'insert'; table: PgTable; row: Record<string, unknown> };

export class DbWriter {
  private queue: Op[] = [];
  private running: Promise<void> | null = null;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly onError: () => void = () => {},
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  run(what: string, fn: (db: Db) => Promise<unknown>): void {
    this.queue.push({ kind: 'run', what, fn });
    this.kick();
  }

  /** An insert; consecutive inserts into the same table are sent as one multi-row statement. */
  insert<T extends PgTable>(table: T, row: T['$inferInsert']): void {
    this.queue.push({ kind: 'insert', table, row: row as Record<string, unknown> });
    this.kick();
  }

  /** Resolves when everything enqueued so far is written. */
  drain(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((res) => this.idle.push(res));
  }

  /**
   * Starts the writer on the next event-loop turn, not at once: what the ingest enqueues while handling a burst of
   * messages (rep rows arrive one at a time) then goes out as one multi-row statement instead of one each.
   */
  private kick() {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.loop().finally(() => {
        this.running = null;
        if (this.queue.length) this.kick();
        else for (const r of this.idle.splice(0)) r();
      });
    });
  }

  private async loop() {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 500);
      for (let i = 0; i < batch.length; ) {
        const op = batch[i]!;
        if (op.kind === 'insert') {
          const rows: Record<string, unknown>[] = [];
          for (let next = batch[i]; next?.kind === 'insert' && next.table === op.table; next = batch[++i]) rows.push(next.row);
          await this.exec('batched insert', (db) => db.insert(op.table).values(rows as never));
        } else {
          i++;
          await this.exec(op.what, op.fn);
        }
      }
    }
  }

  private async exec(what: string, fn: (db: Db) => Promise<unknown>) {
    try {
      await fn(this.db);
    } catch (err) {
      this.onError();
      this.log.error({ err, what }, 'background write failed');
    }
  }
}
