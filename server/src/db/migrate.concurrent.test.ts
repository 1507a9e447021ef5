/**
 * Several servers starting at once against one PostgreSQL all migrate at start-up (main.ts): the migration lock
 * (migrate.ts, a PostgreSQL advisory lock) makes them take turns, so every one starts and the files run once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDb, rowsOf, type DbHandle } from './client.ts';
import { migrate, MIGRATIONS_DIR, MIGRATION_LOCK_KEY } from './migrate.ts';
import { createServerDatabase, postgresBinDir } from '../testing/pg-server.ts';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

describe.skipIf(!postgresBinDir())('migrations started at once on one PostgreSQL server', () => {
  let db: { url: string; drop: () => Promise<void> };
  const handles: DbHandle[] = [];
  beforeAll(async () => {
    db = await createServerDatabase();
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
    await db?.drop();
  });

  it('three servers migrating a fresh database together all succeed, and each migration is applied once', async () => {
    // A server's pool (10), `npx gym migrate`'s single connection, and another server.
    for (const max of [10, 1, 4]) handles.push(await openDb({ url: db.url, max }));
    const waited: string[] = [];
    const results = await Promise.allSettled(handles.map((h) => migrate(h, { onProgress: (m) => waited.push(m) })));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
    const [h] = handles;
    const applied = rowsOf<{ hash: string; created_at: string }>(await h!.db.execute(sql`select hash, created_at from drizzle.__drizzle_migrations order by id`));
    expect(applied).toHaveLength(journal.entries.length);
    expect(new Set(applied.map((r) => r.hash)).size).toBe(journal.entries.length);
    // The schema is whole (the last migration's table is there) and the lock was given back.
    const t = rowsOf<{ n: number }>(await h!.db.execute(sql`select count(*)::int as n from information_schema.tables where table_name = 'server_instances'`));
    expect(t[0]!.n).toBe(1);
    const locks = rowsOf<{ n: number }>(await h!.db.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory'`));
    expect(locks[0]!.n).toBe(0);
    // At least one of them found another holding the lock and said so.
    expect(waited.filter((m) => /waiting for another migration/.test(m)).length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a migration waits while another session holds the lock, then finds nothing left to apply', async () => {
    const [h] = handles;
    const release = await h!.advisoryLock!(MIGRATION_LOCK_KEY);
    let done = false;
    const waited: string[] = [];
    const p = migrate(handles[1]!, { onProgress: (m) => waited.push(m) }).then((r) => ((done = true), r));
    await expect.poll(() => waited.length, { timeout: 10_000 }).toBe(1);
    expect(done).toBe(false);
    await release();
    await expect(p).resolves.toEqual({ codesFilled: 0 });
    const n = rowsOf<{ n: number }>(await h!.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    expect(n[0]!.n).toBe(journal.entries.length);
  }, 30_000);
});
