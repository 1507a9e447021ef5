/**
 * The server's configuration: environment variables (secrets, ports, paths) parsed once here, plus the gym config
 * file they point at. A bad variable or file stops start-up with the field named.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { envPort, parseEnv } from '@gym/shared/config/env.ts';
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
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort.default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret for signing access tokens (≥ 32 chars). Unset in dev → one is generated and kept in GYM_DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Tokens the perception workers present (comma-separated). Unset in dev → generated and kept in GYM_DATA_DIR. */
  WORKER_TOKENS: z.string().optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  /** Built browser apps (vite build output). */
  WEB_DIST_DIR: z.string().default(resolve(repoRoot, 'dist')),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

export interface ServerConfig {
  env: ServerEnv;
  gym: GymConfig;
}

export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = parseEnv(ServerEnv, env);
  return { env: parsed, gym: loadGymConfig(parsed.GYM_CONFIG) };
}
