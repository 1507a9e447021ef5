/** `npx gym migrate` / `make migrate`: applies migrations to the configured database. */
import { resolve } from 'node:path';
import { GymError } from '@gym/shared/errors.ts';
import { loadServerConfig } from '../config.ts';
import { openDb } from './client.ts';
import { migrate } from './migrate.ts';

export async function run(_argv: string[] = []): Promise<number> {
  try {
    const { env } = loadServerConfig();
    const handle = await openDb({ url: env.DATABASE_URL, dataDir: resolve(env.GYM_DATA_DIR, 'pglite'), max: 1 });
    const t0 = Date.now();
    const r = await migrate(handle, { onProgress: (m) => console.log(m) });
    await handle.close();
    const filled = r.codesFilled ? `, search codes computed for ${r.codesFilled} stored embeddings` : '';
    console.log(`database migrated (${handle.driver}) in ${Date.now() - t0} ms${filled}`);
    return 0;
  } catch (e) {
    console.error(`migrate failed: ${e instanceof GymError ? e.message : (e as Error).stack}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await run(process.argv.slice(2));
