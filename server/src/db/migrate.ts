import { resolve } from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { EmbeddingsRepository } from '../repositories/embeddings.repository.ts';
import type { DbHandle } from './client.ts';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../drizzle');

export interface MigrateOptions {
  /** Progress of data steps that run after the SQL files (e.g. computing embedding codes of existing rows). */
  onProgress?: (message: string) => void;
}

/**
 * Applies the committed migrations (idempotent: applied ones are recorded in drizzle.__drizzle_migrations), then
 * the data steps SQL cannot do: the search code of embeddings stored before migration 0004 (a no-op once done).
 */
export async function migrate(handle: DbHandle, opts: MigrateOptions = {}): Promise<{ codesFilled: number }> {
  const cfg = { migrationsFolder: MIGRATIONS_DIR };
  // Both migrators run the same SQL files; they differ only in how they talk to the driver.
  if (handle.driver === 'pglite') await migratePglite(handle.db as never, cfg);
  else await migratePostgres(handle.db as never, cfg);
  const codesFilled = await new EmbeddingsRepository(handle.db).fillMissingCodes((n) => opts.onProgress?.(`embedding search codes: ${n} rows`));
  return { codesFilled };
}
