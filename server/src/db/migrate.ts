import { resolve } from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { EmbeddingsRepository } from '../repositories/embeddings.repository.ts';
import type { DbHandle } from './client.ts';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../drizzle');

export interface MigrateOptions {
  /** Progress of data steps that run after the SQL files (e.g. computing embedding codes of existing rows); also told when another server's migration is waited for. */
  onProgress?: (message: string) => void;
}

/**
 * The PostgreSQL advisory lock key every server and `npx gym migrate` take around the migrations ("gym:migr" in
 * ASCII), so servers started at once against one database migrate one after the other: the first applies the
 * files, the others then find nothing left to apply.
 */
export const MIGRATION_LOCK_KEY = 0x67796d3a6d696772n;

/**
 * Applies the committed migrations (idempotent: applied ones are recorded in drizzle.__drizzle_migrations), then
 * the data steps SQL cannot do: the search code of embeddings stored before migration 0004 (a no-op once done).
 */
export async function migrate(handle: DbHandle, opts: MigrateOptions = {}): Promise<{ codesFilled: number }> {
  // Without the lock two servers starting together both read "nothing applied" and both run migration 0000: one
  // of them fails (a relation or type that already exists), or both apply what is not guarded. PGlite is one process.
  const release = handle.advisoryLock ? await handle.advisoryLock(MIGRATION_LOCK_KEY, () => opts.onProgress?.('waiting for another migration of this database to finish')) : null;
  try {
    return await migrateLocked(handle, opts);
  } finally {
    await release?.();
  }
}

async function migrateLocked(handle: DbHandle, opts: MigrateOptions): Promise<{ codesFilled: number }> {
  const cfg = { migrationsFolder: MIGRATIONS_DIR };
  // Both migrators run the same SQL files; they differ only in how they talk to the driver.
  if (handle.driver === 'pglite') await migratePglite(handle.db as never, cfg);
  else await migratePostgres(handle.db as never, cfg);
  const codesFilled = await new EmbeddingsRepository(handle.db).fillMissingCodes((n) => opts.onProgress?.(`embedding search codes: ${n} rows`));
  return { codesFilled };
}
