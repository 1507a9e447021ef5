/**
 * Test databases for both production paths:
 *  - `pglite`:   embedded PGlite in memory (the dev default)
 *  - `postgres`: the `postgres` driver over the PostgreSQL wire protocol, served by PGlite through
 *                @electric-sql/pglite-socket (or a real server when TEST_DATABASE_URL is set)
 */
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openDb, type DbHandle } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';

export type DbPath = 'pglite' | 'postgres';
export const DB_PATHS: DbPath[] = ['pglite', 'postgres'];

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface TestDb extends DbHandle {
  url?: string;
}

/** A fresh, migrated database on the given path. Close it with `handle.close()`. */
export async function openTestDb(path: DbPath, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  let handle: TestDb;
  if (path === 'pglite') {
    handle = await openDb();
  } else {
    const pg = await PGlite.create('memory://', { extensions: { vector } });
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
