/** Server entry: config → database (migrated) → app → listen. Stops cleanly on SIGINT/SIGTERM. */
import { resolve } from 'node:path';
import { createLogger } from '@gym/shared/logger.ts';
import { GymError } from '@gym/shared/errors.ts';
import { loadServerConfig } from './config.ts';
import { openDb } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { buildApp } from './app.ts';
import { GymsRepository } from './repositories/gyms.repository.ts';

const log = createLogger('server');

async function main() {
  const { env, gym } = loadServerConfig();
  log.level = env.LOG_LEVEL;
  const dbh = await openDb({ url: env.DATABASE_URL, dataDir: resolve(env.GYM_DATA_DIR, 'pglite') });
  await migrate(dbh);
  await new GymsRepository(dbh.db).syncFromConfig(gym);
  const app = await buildApp({ db: dbh.db, gym, logger: log, webDist: env.WEB_DIST_DIR });
  await app.http.listen({ host: env.HOST, port: env.PORT });
  log.info({ db: dbh.driver, cameras: gym.cameras.length }, `server listening on http://${env.HOST}:${env.PORT}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    app.io.close();
    await app.http.close();
    await dbh.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof GymError) console.error(`server: ${e.message}`);
  else log.fatal({ err: e }, 'server failed to start');
  process.exit(1);
});
