/**
 * The database writer's disk spool: writes that must not be lost (sessions, sets, reps) go here, one JSON line
 * each, when the database cannot take them, and are replayed in order once it can. Rows are stored as JSON and
 * revived through the table's columns (timestamps back to Date), so a replay after a restart writes the same
 * values. Replays are idempotent: inserts are ON CONFLICT DO NOTHING, updates set absolute values.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/** The spool file: entries in memory too (they are small: reps and sets), rewritten as replays progress. */
export class WriterSpool {
  readonly entries: SpoolEntry[] = [];

  constructor(private readonly file: string | null) {
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

  append(e: SpoolEntry): void {
    this.entries.push(e);
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(e)}\n`);
  }

  /** Drops the first n entries (written), on disk too. */
  shift(n: number): void {
    this.entries.splice(0, n);
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    renameSync(tmp, this.file);
  }
}
