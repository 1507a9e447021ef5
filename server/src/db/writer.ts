/**
 * Ordered background writes. The ingest hot path never waits for the database: it enqueues writes here (ids
 * are generated in-process), and they run in order, one at a time, with consecutive inserts into one table
 * batched into one statement. Nothing is ever thrown into the ingest path.
 *
 * Policy when the database is slow or down (docs/server.md, "Durability"):
 * - Writes are retried with exponential backoff (`retry`); an error that retrying cannot fix (a constraint or
 *   data error, PostgreSQL classes 22/23/42) is logged and counted at once (a bad row in a batch is retried alone,
 *   so it does not take the others with it).
 * - **Durable** writes (workout sessions, sets, reps, their attribution to a member, and the people rows they
 *   point at) are never dropped: when
 *   the retries are spent they go to a disk spool under the data dir (writer-spool.ts), and so does every durable
 *   write after them until the spool is replayed, in order, once the database answers again (also at the next
 *   start). Replays are idempotent: inserts are ON CONFLICT DO NOTHING (reps are unique per set and index),
 *   updates set absolute values.
 * - **Droppable** writes (tracklets, body embeddings, last-seen times: track data) are tried once; when the
 *   queue is at its bound (`maxQueue`) the oldest of them are dropped. Other writes are kept in memory and retried.
 * - Every dropped write is counted (`onDrop`, the `gym_db_writes_dropped_total` metric), every spooled one too.
 */
import { getTableName, eq, sql, and, inArray, isNull } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Logger } from '@gym/shared/logger.ts';
import type { Db } from './client.ts';
import { reps, sets, workoutSessions } from './schema/index.ts';
import { reviveRow, tableByName, WriterSpool, type SpoolEntry } from './writer-spool.ts';

/** Tables whose rows are durable: a completed rep or set is never lost. */
export const DURABLE_TABLES = new Set(['workout_sessions', 'sets', 'reps', 'people']);

type Cls = 'durable' | 'kept' | 'droppable';
type Op =
  | { kind: 'run'; what: string; fn: (db: Db) => Promise<unknown>; cls: Exclude<Cls, 'durable'> }
  | { kind: 'insert'; table: PgTable; row: Record<string, unknown>; cls: Cls }
  | { kind: 'data'; entry: SpoolEntry; cls: 'durable' };

export type DropReason = 'overflow' | 'failed';

export interface WriterOptions {
  /** Queue bound (writes in memory); beyond it the oldest droppable writes go. Default 50,000. */
  maxQueue?: number;
  /** The spool file for durable writes the database could not take; null → kept in memory only. */
  spoolFile?: string | null;
  /** Tries per write and the backoff between them (ms, doubled each time up to maxDelayMs). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** A write dropped (overflow of droppable ones, or failed for good). */
  onDrop?: (reason: DropReason, what: string) => void;
  /** The spool file could not be written (disk full, read-only): what it holds is in memory only. */
  onSpoolDiskError?: () => void;
  /** A durable write put into the spool. */
  onSpool?: () => void;
  /**
   * How long one statement may take before it counts as failed (transient: retried, then spooled). A statement in
   * flight on a connection the network cut may never settle; without this the writer, and close(), would wait on
   * it for ever. A statement that did reach the database and is retried is harmless: every write is idempotent.
   * Default 15 s.
   */
  statementTimeoutMs?: number;
}

/** A statement that did not settle within `statementTimeoutMs` (the database is treated as unavailable). */
export class StatementTimeoutError extends Error {
  constructor(ms: number) {
    super(`database statement did not settle within ${ms} ms`);
    this.name = 'StatementTimeoutError';
  }
}

/** Races a statement against a timer; the statement's own later outcome is still observed (no unhandled rejection). */
function withTimeout<T>(p: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StatementTimeoutError(ms)), ms);
  });
  const work = Promise.resolve(p);
  work.catch(() => {});
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Errors that retrying cannot fix: SQLSTATE data exception (22), integrity (23), syntax/undefined (42), bad values. */
export function isPermanentError(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^(22|23|42)[0-9A-Z]{3}$/.test(e.code)) return true;
    if (e instanceof RangeError || e instanceof TypeError) return true;
  }
  return false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DbWriter {
  private queue: Op[] = [];
  private running: Promise<void> | null = null;
  private scheduled = false;
  private idle: (() => void)[] = [];
  private closed = false;
  private readonly spool: WriterSpool;
  private readonly maxQueue: number;
  private readonly attempts: number;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  private readonly statementMs: number;
  /** Counters for /metrics and tests. */
  readonly stats = { dropped: 0, spooled: 0, replayed: 0, failed: 0, retries: 0 };

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly onError: () => void = () => {},
    private readonly opts: WriterOptions = {},
  ) {
    this.spool = new WriterSpool(opts.spoolFile ?? null, (err) => {
      if (!err) return this.log.info({ entries: this.spool.size }, 'spool file written again: every spooled write is on disk');
      this.opts.onSpoolDiskError?.();
      this.log.error({ code: err.code ?? 'unknown', entries: this.spool.size }, 'spool file cannot be written (disk full or unwritable): spooled writes are kept in memory until the database or the disk is back; a crash now would lose them');
    });
    this.maxQueue = opts.maxQueue ?? 50_000;
    this.attempts = Math.max(1, opts.retry?.attempts ?? 6);
    this.baseDelay = opts.retry?.baseDelayMs ?? 100;
    this.maxDelay = opts.retry?.maxDelayMs ?? 5000;
    this.statementMs = opts.statementTimeoutMs ?? 15_000;
    if (this.spool.size) {
      this.log.warn({ entries: this.spool.size }, 'replaying spooled writes from an earlier run');
      this.kick();
    }
  }

  get pending(): number {
    return this.queue.length;
  }
  /** Durable writes waiting on disk for the database. */
  get spooled(): number {
    return this.spool.size;
  }

  /** A write as a function of the database. `droppable`: track data that may be lost under pressure. */
  run(what: string, fn: (db: Db) => Promise<unknown>, opts: { droppable?: boolean } = {}): void {
    this.push({ kind: 'run', what, fn, cls: opts.droppable ? 'droppable' : 'kept' });
  }

  /**
   * An insert (ON CONFLICT DO NOTHING); consecutive inserts into the same table are sent as one statement.
   * Durable for DURABLE_TABLES, droppable otherwise.
   */
  insert<T extends PgTable>(table: T, row: T['$inferInsert']): void {
    this.push({ kind: 'insert', table, row: row as Record<string, unknown>, cls: DURABLE_TABLES.has(getTableName(table)) ? 'durable' : 'droppable' });
  }

  /** A durable update by id with absolute values (safe to replay). */
  update<T extends PgTable>(what: string, table: T, id: string, set: Partial<T['$inferInsert']>): void {
    this.push({ kind: 'data', cls: 'durable', entry: { op: 'update', what, table: getTableName(table), id, set: set as Record<string, unknown> } });
  }

  /** Adds a form finding to a rep, once (a replay does not add it twice). */
  repForm(setId: string, index: number, finding: { rule: string; severity: string; message: string; measured?: unknown }): void {
    this.push({ kind: 'data', cls: 'durable', entry: { op: 'rep-form', what: 'rep form', setId, index, finding } });
  }

  /**
   * A person was identified as a member: their anonymous sessions, sets and reps become the member's. Durable, so
   * a completed set reaches the member's history even when the database was away; safe to replay (only rows
   * with no member yet are changed).
   */
  attribute(personId: string, memberId: string): void {
    this.push({ kind: 'data', cls: 'durable', entry: { op: 'attribute', what: 'attribute workouts', personId, memberId } });
  }

  /** Resolves when everything enqueued so far is written (or spooled, after close()). */
  drain(): Promise<void> {
    if (!this.running && this.queue.length === 0 && (this.spool.size === 0 || this.closed)) return Promise.resolve();
    return new Promise((res) => this.idle.push(res));
  }

  /**
   * Shutdown: one more try for what is queued; durable writes the database does not take are left in the spool
   * for the next start instead of waiting.
   */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running || this.scheduled) await (this.running ?? new Promise((r) => setImmediate(r)));
    for (const op of this.queue.splice(0)) if (op.cls === 'durable') this.toSpool(op);
    for (const r of this.idle.splice(0)) r();
  }

  private push(op: Op): void {
    if (op.cls === 'durable' && (this.spool.size > 0 || this.closed)) this.toSpool(op); // keep the order behind the spool
    else {
      this.queue.push(op);
      if (this.queue.length > this.maxQueue) this.shed();
    }
    this.kick();
  }

  /** Over the bound: drop the oldest droppable writes; with none left, move durable ones to the spool. */
  private shed(): void {
    let excess = this.queue.length - this.maxQueue;
    for (let i = 0; i < this.queue.length && excess > 0; ) {
      const op = this.queue[i]!;
      if (op.cls === 'droppable') {
        this.queue.splice(i, 1);
        this.drop('overflow', opName(op));
        excess--;
      } else i++;
    }
    if (excess > 0) this.spillDurable();
  }

  /** Every durable write in memory goes to the spool, in order (the spool stays older than the queue). */
  private spillDurable(): void {
    this.queue = this.queue.filter((op) => (op.cls === 'durable' ? (this.toSpool(op), false) : true));
  }

  private toSpool(op: Op): void {
    const entry: SpoolEntry =
      op.kind === 'data' ? op.entry : op.kind === 'insert' ? { op: 'insert', what: `insert ${getTableName(op.table)}`, table: getTableName(op.table), rows: [op.row] } : (null as never);
    this.spool.append(entry);
    this.stats.spooled++;
    this.opts.onSpool?.();
  }

  private drop(reason: DropReason, what: string): void {
    this.stats.dropped++;
    this.opts.onDrop?.(reason, what);
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
        if (this.queue.length || (this.spool.size && !this.closed)) this.kick();
        else for (const r of this.idle.splice(0)) r();
      });
    });
  }

  private async loop() {
    let outage = 0;
    while (this.queue.length || (this.spool.size && !this.closed)) {
      if (this.spool.size) {
        if (!(await this.replay())) {
          if (this.closed) return this.abandonQueue();
          // The database is still away: wait, then try the spool again (new durable writes join it meanwhile).
          await sleep(Math.min(this.maxDelay, this.baseDelay * 2 ** outage++));
          continue;
        }
        outage = 0;
      }
      const batch = this.queue.splice(0, 500);
      for (let i = 0; i < batch.length; ) {
        const op = batch[i]!;
        if (op.kind === 'insert') {
          const group: Op[] = [];
          for (let next = batch[i]; next?.kind === 'insert' && next.table === op.table && next.cls === op.cls; next = batch[++i]) group.push(next);
          await this.write(group, `insert ${getTableName(op.table)}`, (db) => insertRows(db, op.table, group.map((g) => (g as { row: Record<string, unknown> }).row)));
        } else {
          i++;
          await this.write([op], opName(op), op.kind === 'run' ? op.fn : (db) => applyEntry(db, op.entry));
        }
        // The rest of the batch waits behind the spool once something durable went there.
        if (this.spool.size && i < batch.length) {
          const rest = batch.splice(i);
          this.queue.unshift(...rest);
          this.spillDurable();
          break;
        }
      }
    }
  }

  /** One write with retries; what it cannot do ends in the spool (durable), or is dropped and counted. */
  private async write(ops: Op[], what: string, fn: (db: Db) => Promise<unknown>): Promise<void> {
    const cls = ops[0]!.cls;
    const tries = cls === 'droppable' ? 1 : this.attempts;
    for (let a = 0; ; a++) {
      try {
        await withTimeout(fn(this.db), this.statementMs);
        return;
      } catch (err) {
        if (isPermanentError(err)) {
          if (ops.length > 1) {
            // One bad row must not take the batch with it: the rows one at a time.
            for (const op of ops) await this.write([op], what, (db) => insertRows(db, (op as { table: PgTable }).table, [(op as { row: Record<string, unknown> }).row]));
            return;
          }
          return this.fail(what, err, cls);
        }
        if (a + 1 >= tries || this.closed) {
          if (cls === 'durable') {
            if (a + 1 >= tries) this.log.warn({ what, err: errorText(err) }, 'database unavailable: durable write spooled to disk');
            for (const op of ops) this.toSpool(op);
            return;
          }
          return this.fail(what, err, cls);
        }
        this.stats.retries++;
        await sleep(Math.min(this.maxDelay, this.baseDelay * 2 ** a));
      }
    }
  }

  /**
   * Shutdown with the database away: durable writes still in memory join the spool (for the next start), the rest
   * is dropped and counted. Without this, close() would wait for ever on a queue that waits behind the spool.
   */
  private abandonQueue(): void {
    let lost = 0;
    for (const op of this.queue.splice(0)) {
      if (op.cls === 'durable') this.toSpool(op);
      else {
        this.drop('failed', opName(op));
        lost++;
      }
    }
    if (lost) this.log.warn({ lost }, 'shutdown with the database unavailable: non-durable writes dropped');
  }

  private fail(what: string, err: unknown, cls: Cls): void {
    this.stats.failed++;
    this.onError();
    this.drop('failed', what);
    this.log.error({ err, what, cls }, 'background write failed');
  }

  /** Writes the spool in order; false when the database still refuses (the rest stays). */
  private async replay(): Promise<boolean> {
    while (this.spool.size) {
      // Consecutive inserts into one table as one statement.
      const first = this.spool.entries[0]!;
      let n = 1;
      if (first.op === 'insert') while (n < this.spool.size && n < 500 && sameInsert(first, this.spool.entries[n]!)) n++;
      const group = this.spool.entries.slice(0, n);
      try {
        await withTimeout(applyGroup(this.db, group), this.statementMs);
      } catch (err) {
        if (!isPermanentError(err)) return false;
        // A bad entry: write the group one by one, dropping (and counting) only what is bad.
        for (const e of group) {
          try {
            await withTimeout(applyEntry(this.db, e), this.statementMs);
          } catch (err1) {
            if (!isPermanentError(err1)) return false;
            this.fail(e.what, err1, 'durable');
          }
          this.spool.shift(1);
        }
        continue;
      }
      this.spool.shift(n);
      this.stats.replayed += n;
    }
    this.log.info('spooled writes replayed');
    return true;
  }
}

/**
 * Writes what an earlier run left in the spool file, before anything else touches the database (main.ts: before
 * open sets are recovered, so the recovery counts the spooled reps). Resolves when the spool is empty.
 */
export async function replaySpool(db: Db, spoolFile: string, log: Logger): Promise<number> {
  const w = new DbWriter(db, log, () => {}, { spoolFile });
  const n = w.spooled;
  await w.drain();
  await w.close();
  return n;
}

function opName(op: Op): string {
  return op.kind === 'run' ? op.what : op.kind === 'insert' ? `insert ${getTableName(op.table)}` : op.entry.what;
}

function errorText(err: unknown): string {
  // The message only: a driver error's other fields may hold the query's parameters (personal data).
  return String((err as Error)?.message ?? err).slice(0, 200);
}

function insertRows(db: Db, table: PgTable, rows: Record<string, unknown>[]) {
  return db.insert(table).values(rows as never).onConflictDoNothing();
}

function sameInsert(a: SpoolEntry, b: SpoolEntry): boolean {
  return a.op === 'insert' && b.op === 'insert' && a.table === b.table;
}

async function applyGroup(db: Db, group: SpoolEntry[]): Promise<void> {
  const first = group[0]!;
  if (first.op === 'insert' && group.length > 1) {
    const table = tableByName(first.table);
    await insertRows(db, table, group.flatMap((e) => (e.op === 'insert' ? e.rows.map((r) => reviveRow(table, r)) : [])));
  } else await applyEntry(db, first);
}

/** One spool entry against the database (also the first try of a durable update). */
export async function applyEntry(db: Db, e: SpoolEntry): Promise<void> {
  if (e.op === 'insert') {
    const table = tableByName(e.table);
    await insertRows(db, table, e.rows.map((r) => reviveRow(table, r)));
  } else if (e.op === 'update') {
    const table = tableByName(e.table) as PgTable & { id: Parameters<typeof eq>[0] };
    await db.update(table).set(reviveRow(table, e.set) as never).where(eq(table.id, e.id));
  } else if (e.op === 'attribute') {
    const { personId, memberId } = e;
    await db.update(workoutSessions).set({ memberId }).where(and(eq(workoutSessions.personId, personId), isNull(workoutSessions.memberId)));
    const ids = (await db.update(sets).set({ memberId }).where(and(eq(sets.personId, personId), isNull(sets.memberId))).returning({ id: sets.id })).map((r) => r.id);
    if (ids.length) await db.update(reps).set({ memberId }).where(and(inArray(reps.setId, ids), isNull(reps.memberId)));
  } else {
    const f = JSON.stringify([e.finding]);
    await db
      .update(reps)
      .set({ form: sql`CASE WHEN ${reps.form} @> ${f}::jsonb THEN ${reps.form} ELSE ${reps.form} || ${f}::jsonb END` })
      .where(and(eq(reps.setId, e.setId), eq(reps.index, e.index)));
  }
}
