/** Server entry: config → database (migrated) → app → listen. Stops cleanly on SIGINT/SIGTERM. */
import { join, resolve } from 'node:path';
import { createLogger } from '@gym/shared/logger.ts';
import { GymError } from '@gym/shared/errors.ts';
import { loadServerConfig, metricsAccess } from './config.ts';
import { openDb } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { dbCapabilities } from './db/capabilities.ts';
import { buildApp } from './app.ts';
import { GymsRepository } from './repositories/gyms.repository.ts';
import { jwtSecret, loadOrCreateSecret, secretPath, vapidKeys, workerTokens } from './auth/secrets.ts';
import { generateVapidKeys } from './services/push.service.ts';
import { clipStoreFromEnv } from './storage/clip-store.factory.ts';
import { createUser } from './services/users.service.ts';
import { instanceIdIn, ServerInstance } from './services/server-instance.ts';
import { replaySpool } from './db/writer.ts';

const log = createLogger('server');

async function main() {
  const { env, gym, catalogue } = loadServerConfig();
  log.level = env.LOG_LEVEL;
  const dbh = await openDb({ url: env.DATABASE_URL, dataDir: resolve(env.GYM_DATA_DIR, 'pglite') });
  await migrate(dbh, { onProgress: (message) => log.info(message) });
  if (!(await dbCapabilities(dbh.db)).pgvector) {
    log.warn('this PostgreSQL has no pgvector: embedding search scans every row of a kind (slow past ~10k faces or bodies); install pgvector >= 0.8 (docs/deployment.md)');
  }
  // Durable writes a previous run spooled while the database was away (sets, reps) go in first, so that the
  // recovery below counts them.
  const spoolFile = join(env.GYM_DATA_DIR, 'spool/db-writer.jsonl');
  await replaySpool(dbh.db, spoolFile, log.child({ module: 'db-writer' }));
  // Sets and sessions this instance's previous run (crash, SIGKILL) or a gone neighbour left open are closed with
  // their stored reps counted; a live neighbour's stay open. Then a heartbeat, and a sweep for neighbours that die.
  const instance = new ServerInstance(dbh.db, env.SERVER_INSTANCE_ID ?? instanceIdIn(env.GYM_DATA_DIR), {
    heartbeatMs: env.SERVER_HEARTBEAT_MS,
    staleMs: env.SERVER_STALE_MS,
    log: log.child({ module: 'server-instance' }),
  });
  const recovered = await instance.start();
  if (recovered.sets || recovered.sessions) log.info(recovered, 'closed sets and sessions left open by the last run');
  await new GymsRepository(dbh.db).syncFromConfig(gym);
  const clips = clipStoreFromEnv(env);
  const app = await buildApp({
    db: dbh.db,
    gym,
    exercise: { catalogue },
    logger: log,
    webDist: env.WEB_DIST_DIR,
    workerStaleMs: env.WORKER_STALE_MS,
    browserModels: { modelsDir: env.MODELS_DIR, ortDir: resolve(import.meta.dirname, '../../node_modules/onnxruntime-web/dist') },
    workerTokens: workerTokens(env),
    jwtSecret: jwtSecret(env),
    accessTokenTtlS: env.ACCESS_TOKEN_TTL_S,
    maxMessageBytes: env.INGEST_MAX_MESSAGE_BYTES,
    frameTsWindowMs: env.FRAME_TS_WINDOW_MS,
    loginRatePerMin: env.LOGIN_RATE_PER_MIN,
    clips,
    signalingUrl: env.CAPTURE_PUBLIC_URL,
    publicUrl: env.PUBLIC_URL ?? null,
    push: { vapid: vapidKeys(env, () => generateVapidKeys(env.VAPID_SUBJECT)) },
    captureUrl: env.CAPTURE_URL ?? env.CAPTURE_PUBLIC_URL,
    captureStatusToken: env.CAPTURE_STATUS_TOKEN ?? null,
    writer: { spoolFile },
    redisUrl: env.REDIS_URL ?? null,
    metrics: metricsAccess(env),
    // Frames a worker resends after a restart or a failover, up to a camera's last stored rep, are not counted twice.
    replayFloors: true,
    instanceId: instance.id,
    recordPoses: env.GYM_RECORD_POSES ?? null,
    httpTimeouts: { headersMs: env.HTTP_HEADERS_TIMEOUT_MS, requestMs: env.HTTP_REQUEST_TIMEOUT_MS, idleMs: env.HTTP_IDLE_TIMEOUT_MS },
    live: { maxBufferedBytes: env.LIVE_MAX_BUFFERED_BYTES },
    reminders: { afterDays: env.COACH_REMINDER_DAYS },
    coach: { apiKey: env.ANTHROPIC_API_KEY ?? null, baseURL: env.ANTHROPIC_BASE_URL ?? null, dailyTokenBudget: env.COACH_DAILY_TOKEN_BUDGET, firstTokenMs: env.COACH_FIRST_TOKEN_MS, idleMs: env.COACH_FIRST_TOKEN_MS, timeoutMs: env.COACH_FIRST_TOKEN_MS },
  });
  // First start: a bootstrap admin, its password kept beside the other dev secrets (change it, or create real
  // accounts with `npx gym admin user create`).
  if ((await app.ctx.users.count()) === 0) {
    const password = loadOrCreateSecret(env.GYM_DATA_DIR, 'admin-password', 18);
    await createUser(app.ctx, { email: 'admin@gym.local', password, role: 'admin' });
    log.info({ passwordFile: secretPath(env.GYM_DATA_DIR, 'admin-password') }, 'created the first admin: admin@gym.local');
  }
  if (!env.METRICS_TOKEN && !metricsAccess(env).open)
    log.warn('METRICS_TOKEN is unset: /metrics answers admins only, so a Prometheus scraper gets 401 (set METRICS_TOKEN and give it to the scraper)');
  if (!env.WORKER_TOKENS) log.info({ tokenFile: secretPath(env.GYM_DATA_DIR, 'worker-token') }, 'worker token (dev) generated');
  const bodyRetentionMs = env.BODY_EMBEDDINGS_RETENTION_HOURS * 3_600_000;
  const enforceRetention = () => {
    void clips.enforceRetention().catch((err) => log.error({ err }, 'clip retention failed'));
    void app.ctx.embeddings
      .deleteBodiesBefore(new Date(Date.now() - bodyRetentionMs))
      .then((n) => n && log.info({ deleted: n }, 'body embeddings past retention deleted'))
      .catch((err) => log.error({ err }, 'body embedding retention failed'));
  };
  enforceRetention();
  const retention = setInterval(enforceRetention, 3_600_000);
  retention.unref();
  await app.http.listen({ host: env.HOST, port: env.PORT });
  instance.run();
  log.info({ db: dbh.driver, cameras: gym.cameras.length, instance: instance.id }, `server listening on http://${env.HOST}:${env.PORT}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    clearInterval(retention);
    await app.close(); // drains the writer: every rep reached the database
    await instance
      .stop()
      .then((closed) => log.info(closed, 'open sets and sessions closed'))
      .catch((err) => log.error({ err }, 'closing open sets and sessions failed'));
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
