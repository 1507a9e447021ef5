/**
 * One database handle for both paths: embedded PGlite (+ pgvector) by default, PostgreSQL + pgvector through the
 * `postgres` driver when DATABASE_URL is set. Repositories take a `Db` and never know which one they got.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** The rows of `db.execute(sql`…`)`: an array from postgres-js, `{ rows }` from PGlite. */
export const rowsOf = <T>(res: unknown): T[] => (Array.isArray(res) ? res : ((res as { rows?: T[] }).rows ?? [])) as T[];

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The PGlite instance on the embedded path (e.g. to serve it over the wire in tests). */
  pglite?: PGlite;
  /**
   * PostgreSQL only: takes the session-level advisory lock `key` on a connection of its own (waiting while another
   * session holds it; `onWait` is told once if it must) and resolves to its release. The lock also ends with that
   * connection, so a process killed while holding it frees it. PGlite is single-process and has none.
   */
  advisoryLock?: (key: bigint, onWait?: () => void) => Promise<() => Promise<void>>;
}

export interface OpenDbOptions {
  /** postgres:// URL → PostgreSQL; otherwise PGlite. */
  url?: string | undefined;
  /** PGlite data directory; omitted → in memory (tests). */
  dataDir?: string | undefined;
  /** Connections in the postgres pool. */
  max?: number;
}

/**
 * pgvector settings for embedding search (embeddings.repository.ts), per session: 64 candidates in the HNSW graph
 * of codes (pgvector's default is 40; on one 100k build, measured by bench/server.bench.ts on PGlite: 40 → recall@5
 * 0.84 at p50 2.9–3.5 ms, 64 → 0.93 at 3.7 ms, 100 → 0.99 at 5.1 ms; see docs/server.md), and (pgvector ≥ 0.8)
 * go on past rows that the query's filters drop (another model, owner) instead of stopping, returning rows in
 * roughly nearest order, which is all the exact re-ranking needs. PostgreSQL takes them from the startup packet of every pooled connection (docs/scaling.md says
 * which pgvector versions accept them); PGlite has one session.
 */
export const SEARCH_SETTINGS: Readonly<Record<string, string>> = { 'hnsw.ef_search': '64', 'hnsw.iterative_scan': 'relaxed_order' };

/** Applies SEARCH_SETTINGS to a PGlite session (also the one behind a test's wire-protocol server). */
export async function applySearchSettings(pglite: PGlite): Promise<void> {
  for (const [k, v] of Object.entries(SEARCH_SETTINGS)) await pglite.query('select set_config($1, $2, false)', [k, v]);
}

async function advisoryLock(url: string, key: bigint, onWait?: () => void): Promise<() => Promise<void>> {
  // Its own connection, not one of the pool's: the pool may have one connection only (`npx gym migrate`), which
  // the work done under the lock needs, and a session lock must be released on the session that took it.
  const conn = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const k = key.toString();
  try {
    const [got] = await conn<{ ok: boolean }[]>`select pg_try_advisory_lock(${k}::bigint) as ok`;
    if (!got?.ok) {
      onWait?.();
      await conn`select pg_advisory_lock(${k}::bigint)`;
    }
  } catch (e) {
    await conn.end({ timeout: 5 });
    throw e;
  }
  return async () => {
    try {
      await conn`select pg_advisory_unlock(${k}::bigint)`;
    } finally {
      await conn.end({ timeout: 5 });
    }
  };
}

export async function openDb(opts: OpenDbOptions = {}): Promise<DbHandle> {
  if (opts.url) {
    const sql = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {}, connect_timeout: 10, connection: { ...SEARCH_SETTINGS } });
    const db = drizzlePostgres(sql, { schema }) as unknown as Db;
    const url = opts.url;
    return { db, driver: 'postgres', close: () => sql.end({ timeout: 5 }), advisoryLock: (key, onWait) => advisoryLock(url, key, onWait) };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create(opts.dataDir ?? 'memory://', { extensions: { vector } });
  await applySearchSettings(pglite);
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { db, driver: 'pglite', pglite, close: () => pglite.close() };
}
