import { resolve } from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { DbHandle } from './client.ts';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../drizzle');

/** Applies the committed migrations (idempotent: applied ones are recorded in drizzle.__drizzle_migrations). */
export async function migrate(handle: DbHandle): Promise<void> {
  const cfg = { migrationsFolder: MIGRATIONS_DIR };
  // Both migrators run the same SQL files; they differ only in how they talk to the driver.
  if (handle.driver === 'pglite') await migratePglite(handle.db as never, cfg);
  else await migratePostgres(handle.db as never, cfg);
}
