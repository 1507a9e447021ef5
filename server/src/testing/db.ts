/**
 * Test databases for both production paths:
 *  - `pglite`:   embedded PGlite in memory (the dev default)
 *  - `postgres`: the `postgres` driver over the PostgreSQL wire protocol, served by PGlite through
 *                @electric-sql/pglite-socket (pgvector on PostgreSQL's driver)
 *  - `postgres-server`: a real PostgreSQL server (Debian's, started by testing/pg-server.ts; no pgvector on Debian 12,
 *                so this path proves the schema and repositories without it)
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from '@gym/shared/testing/free-port.ts';
import { applySearchSettings, openDb, type DbHandle } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createServerDatabase } from './pg-server.ts';

export type DbPath = 'pglite' | 'postgres' | 'postgres-server';
export const DB_PATHS: DbPath[] = ['pglite', 'postgres', 'postgres-server'];

export { freePort };

export interface TestDb extends DbHandle {
  url?: string;
}

/** A fresh, migrated database on the given path. Close it with `handle.close()`. */
export async function openTestDb(path: DbPath, opts: { migrate?: boolean; dataDir?: string } = {}): Promise<TestDb> {
  let handle: TestDb;
  if (path === 'pglite') {
    // A data directory: the database outlives this handle (a restart test opens it again).
    handle = await openDb({ dataDir: opts.dataDir });
  } else if (path === 'postgres-server') {
    const { url, drop } = await createServerDatabase();
    const inner = await openDb({ url, max: 4 });
    handle = {
      ...inner,
      url,
      close: async () => {
        await inner.close();
        await drop();
      },
    };
  } else {
    const pg = await PGlite.create('memory://', { extensions: { vector } });
    // A PostgreSQL server takes these from the driver's startup packet; the wire-protocol stand-in does not, and
    // its connections share this one PGlite session.
    await applySearchSettings(pg);
    const port = await freePort();
    const server = new PGLiteSocketServer({ db: pg, port, host: '127.0.0.1', maxConnections: 4 });
    await server.start();
    const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    const inner = await openDb({ url, max: 1 });
    handle = {
      ...inner,
      url,
      close: async () => {
        await inner.close();
        await server.stop();
        await pg.close();
      },
    };
  }
  if (opts.migrate !== false) await migrate(handle);
  return handle;
}
