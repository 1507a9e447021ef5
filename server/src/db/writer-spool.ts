/**
 * The database writer's disk spool: writes that must not be lost (sessions, sets, reps) go here, one JSON line
 * each, when the database cannot take them, and are replayed in order once it can. Rows are stored as JSON and
 * revived through the table's columns (timestamps back to Date), so a replay after a restart writes the same
 * values. Replays are idempotent: inserts are ON CONFLICT DO NOTHING, updates set absolute values.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';

/** A write as data: an insert of rows, or an update by id (absolute values), into a table named by its SQL name. */
export type SpoolEntry =
  | { op: 'insert'; what: string; table: string; rows: Record<string, unknown>[] }
  | { op: 'update'; what: string; table: string; id: string; set: Record<string, unknown> }
  | { op: 'rep-form'; what: string; setId: string; index: number; finding: { rule: string; severity: string; message: string; measured?: unknown } }
  /** A person identified as a member: their sessions, sets and reps not yet attributed become the member's. */
  | { op: 'attribute'; what: string; personId: string; memberId: string };

const TABLES = new Map<string, PgTable>(
  (Object.values(schema) as unknown[]).flatMap((t): [string, PgTable][] => (is(t, PgTable) ? [[getTableName(t), t]] : [])),
);

export function tableByName(name: string): PgTable {
  const t = TABLES.get(name);
  if (!t) throw new Error(`spool: unknown table ${name}`);
  return t;
}

/** JSON values back to what drizzle's columns take (ISO strings → Date for timestamp columns). */
export function reviveRow(table: PgTable, row: Record<string, unknown>): Record<string, unknown> {
  const cols = getTableColumns(table) as Record<string, { dataType: string }>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = cols[k]?.dataType === 'date' && typeof v === 'string' ? new Date(v) : v;
  return out;
}

/**
 * The spool file: entries in memory too (they are small: reps and sets), rewritten as replays progress.
 * A disk that is full or unwritable (ENOSPC, EROFS, EACCES) never throws into the writer or the ingest: the
 * entries stay in memory (replayed as soon as the database answers), `onDisk` reports the failure once, and
 * the next append or shift rewrites the whole file, so the disk copy catches up once there is room (a line an
 * append cut off half way is replaced too).
 */
export class WriterSpool {
  readonly entries: SpoolEntry[] = [];
  /** The disk copy is behind memory (the last disk write failed). */
  private unsynced = false;

  constructor(
    private readonly file: string | null,
    private readonly onDisk: (err: NodeJS.ErrnoException | null) => void = () => {},
  ) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.entries.push(JSON.parse(line) as SpoolEntry);
        } catch {
          /* a line cut by a crash mid-append: the write before it is whole */
        }
      }
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** False while the disk copy is behind memory (a full or unwritable disk). */
  get onDiskComplete(): boolean {
    return !this.unsynced;
  }

  append(e: SpoolEntry): void {
    this.entries.push(e);
    if (!this.file) return;
    const file = this.file;
    if (this.unsynced) return this.rewrite();
    this.disk(() => {
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, `${JSON.stringify(e)}\n`);
    });
  }

  /** Drops the first n entries (written), on disk too. */
  shift(n: number): void {
    this.entries.splice(0, n);
    if (this.file) this.rewrite();
  }

  private rewrite(): void {
    const file = this.file!;
    const tmp = `${file}.tmp`;
    this.disk(
      () => {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(tmp, this.entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
        renameSync(tmp, file);
      },
      () => rmSync(tmp, { force: true }),
    );
  }

  private disk(write: () => void, cleanup?: () => void): void {
    try {
      write();
      if (this.unsynced) {
        this.unsynced = false;
        this.onDisk(null);
      }
    } catch (e) {
      try {
        cleanup?.();
      } catch {
        /* nothing more to free */
      }
      if (!this.unsynced) {
        this.unsynced = true;
        this.onDisk(e as NodeJS.ErrnoException);
      }
    }
  }
}
