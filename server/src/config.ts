/**
 * The server's configuration: environment variables (secrets, ports, paths) parsed once here, plus the gym config
 * file they point at. A bad variable or file stops start-up with the field named.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Catalogue } from '@gym/exercise';
import { catalogueWithYaml } from '@gym/exercise/exercise-yaml.ts';
import { ConfigError } from '@gym/shared/errors.ts';
import { envPort, isLoopback, parseEnv } from '@gym/shared/config/env.ts';
import { loadGymConfig, type GymConfig } from '@gym/shared/config/gym-config.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

export const ServerEnv = z.object({
  GYM_CONFIG: z.string().default(resolve(repoRoot, 'config/gym.yaml')),
  /** PostgreSQL + pgvector; unset → embedded PGlite in GYM_DATA_DIR/pglite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  GYM_DATA_DIR: z.string().default(resolve(repoRoot, '.gym/data')),
  /** `production` (either variable) refuses the generated dev secrets: JWT_SECRET and WORKER_TOKENS must be set. */
  NODE_ENV: z.string().optional(),
  GYM_ENV: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort.default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret for signing access tokens (≥ 32 chars). Unset in dev → one is generated and kept in GYM_DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Tokens the perception workers present (comma-separated). Unset in dev → generated and kept in GYM_DATA_DIR. */
  WORKER_TOKENS: z.string().optional(),
  /** Redis for socket.io's adapter when several servers serve one gym (docs/scaling.md). */
  REDIS_URL: z.string().url().optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  /** Coach tokens (input + output) per member per UTC day; spent → the basic coach answers. */
  COACH_DAILY_TOKEN_BUDGET: z.coerce.number().int().min(0).default(100_000),
  /** No first token from Claude this long after a question (ms) → the basic coach answers; also the idle limit mid-stream. */
  COACH_FIRST_TOKEN_MS: z.coerce.number().int().min(200).max(30_000).default(1_500),
  COACH_REMINDER_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /** Largest perception message accepted from a worker, bytes (bigger ones are refused with an error). */
  INGEST_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
  /** Worker frames whose frameTs lies further from the server clock than this (ms, past or future) are refused. */
  FRAME_TS_WINDOW_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3600 * 1000).default(10 * 60 * 1000),
  /** Access-token lifetime, seconds. */
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(12 * 3600),
  /** Login attempts allowed per client address and minute. */
  LOGIN_RATE_PER_MIN: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Set-clip storage: local disk (default, under GYM_DATA_DIR/clips) or S3-compatible (MinIO, ...). */
  CLIPS_STORE: z.enum(['local', 's3']).default('local'),
  CLIPS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  CLIPS_MAX_BYTES: z.coerce.number().int().min(1).default(20 * 1024 ** 3),
  /**
   * Body embeddings of people seen on camera (not enrolled faces) are deleted after this many hours: they only
   * serve re-identification within a visit (clothes change between visits), and are personal data.
   */
  BODY_EMBEDDINGS_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** A perception worker silent this long (ms, no stats report) raises a worker_down alert. */
  WORKER_STALE_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /**
   * Several servers on one database (docs/scaling.md): this server's instance id (default: one generated and kept
   * in `$GYM_DATA_DIR/instance-id`, so a restart is the same instance), its heartbeat period, and how long a silent
   * instance has until the others close the sets and sessions it left open.
   */
  SERVER_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
  SERVER_HEARTBEAT_MS: z.coerce.number().int().min(200).max(60_000).default(5_000),
  SERVER_STALE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** The models folder (`make models`); the console's face enrolment loads the face models from it. */
  MODELS_DIR: z.string().default(resolve(repoRoot, 'models')),
  /**
   * Diagnostics: a folder where every identified person's skeletons are written as the exercise engine gets them
   * (gym.poses/1, one file per person; `npx gym replay-poses` replays them). Off when unset. No images or names.
   */
  GYM_RECORD_POSES: z.string().min(1).optional(),
  /** Built browser apps (vite build output). */
  WEB_DIST_DIR: z.string().default(resolve(repoRoot, 'dist')),
  /** The server's origin as members' phones reach it (invite links); unset → the origin the staff's request came to. */
  PUBLIC_URL: z.string().url().optional(),
  /** Web Push VAPID key pair (base64url, `npx web-push generate-vapid-keys`); unset → generated once into GYM_DATA_DIR. */
  VAPID_PUBLIC_KEY: z.string().min(80).optional(),
  VAPID_PRIVATE_KEY: z.string().min(40).optional(),
  /** Contact the push services see in the VAPID token. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://').default('mailto:admin@gym.local'),
  /** capture-node's origin as the staff's browsers reach it (live video signaling). */
  CAPTURE_PUBLIC_URL: z.string().url().default('http://127.0.0.1:8090'),
  /** capture-node's origin as the server reaches it (camera health); default CAPTURE_PUBLIC_URL. */
  CAPTURE_URL: z.string().url().optional(),
  /** A capture token for capture-node's /health (required there off loopback or in production). */
  CAPTURE_STATUS_TOKEN: z.string().min(1).optional(),
  /** Slow-loris limits: request headers must arrive within HTTP_HEADERS_TIMEOUT_MS, the whole request within HTTP_REQUEST_TIMEOUT_MS. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** A connection silent this long in both directions is closed (upgraded socket.io connections have their heartbeat). */
  HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Unsent live events one /live client may hold (bytes) before it is disconnected. */
  LIVE_MAX_BUFFERED_BYTES: z.coerce.number().int().min(64 * 1024).max(1024 ** 3).default(8 * 1024 * 1024),
  /** Bearer token the Prometheus scraper presents for /metrics; unset → admins only (open on a loopback dev server). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

export interface ServerConfig {
  env: ServerEnv;
  gym: GymConfig;
  /** The exercise catalogue: built in plus the gym config's YAML exercises (validated at start). */
  catalogue: Catalogue;
}

export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = parseEnv(ServerEnv, env);
  if (isProduction(parsed)) {
    const missing = (['JWT_SECRET', 'WORKER_TOKENS'] as const).filter((k) => !parsed[k]);
    if (missing.length)
      throw new ConfigError('environment', missing.map((field) => ({ field, message: 'set it in production: generated dev secrets are refused' })));
  }
  if (!parsed.VAPID_PUBLIC_KEY !== !parsed.VAPID_PRIVATE_KEY)
    throw new ConfigError('environment', [{ field: parsed.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY', message: 'set both VAPID keys or neither' }]);
  const gym = loadGymConfig(parsed.GYM_CONFIG);
  return { env: parsed, gym, catalogue: loadExerciseFiles(gym.exercises, dirname(parsed.GYM_CONFIG)) };
}

/** Reads the gym config's exercise YAML files (relative to the config's folder) into a catalogue. */
export function loadExerciseFiles(paths: readonly string[], baseDir: string): Catalogue {
  return catalogueWithYaml(
    paths.map((p) => {
      const source = resolve(baseDir, p);
      try {
        return { source: p, text: readFileSync(source, 'utf8') };
      } catch (e) {
        throw new ConfigError(p, [{ field: '(file)', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
      }
    }),
  );
}

/** Who may read /metrics: the METRICS_TOKEN bearer and admins; without a token only a loopback dev server is open. */
export function metricsAccess(env: ServerEnv): { token: string | null; open: boolean } {
  return { token: env.METRICS_TOKEN ?? null, open: !env.METRICS_TOKEN && !isProduction(env) && isLoopback(env.HOST) };
}

/** NODE_ENV or GYM_ENV is `production`. */
export function isProduction(env: { NODE_ENV?: string | undefined; GYM_ENV?: string | undefined }): boolean {
  return env.NODE_ENV === 'production' || env.GYM_ENV === 'production';
}
