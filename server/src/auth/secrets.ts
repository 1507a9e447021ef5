/**
 * Dev secrets: when JWT_SECRET / WORKER_TOKENS are unset, one is generated once and kept (mode 0600) in
 * GYM_DATA_DIR, so restarts keep sessions and workers keep their token.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function loadOrCreateSecret(dataDir: string, name: string, bytes = 32): string {
  const path = resolve(dataDir, 'secrets', name);
  if (existsSync(path)) {
    const v = readFileSync(path, 'utf8').trim();
    if (v) return v;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const v = randomBytes(bytes).toString('base64url');
  writeFileSync(path, v + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return v;
}

export function secretPath(dataDir: string, name: string): string {
  return resolve(dataDir, 'secrets', name);
}

/** Worker tokens: WORKER_TOKENS (comma-separated) or the generated dev token. */
export function workerTokens(env: { WORKER_TOKENS?: string | undefined; GYM_DATA_DIR: string }): string[] {
  if (env.WORKER_TOKENS) return env.WORKER_TOKENS.split(',').map((t) => t.trim()).filter(Boolean);
  return [loadOrCreateSecret(env.GYM_DATA_DIR, 'worker-token')];
}

export function jwtSecret(env: { JWT_SECRET?: string | undefined; GYM_DATA_DIR: string }): string {
  return env.JWT_SECRET ?? loadOrCreateSecret(env.GYM_DATA_DIR, 'jwt-secret', 48);
}

/** VAPID keys for Web Push: VAPID_PUBLIC_KEY + VAPID_PRIVATE_KEY, or a pair generated once and kept in GYM_DATA_DIR. */
export function vapidKeys(
  env: { VAPID_PUBLIC_KEY?: string | undefined; VAPID_PRIVATE_KEY?: string | undefined; VAPID_SUBJECT: string; GYM_DATA_DIR: string },
  generate: () => { publicKey: string; privateKey: string },
): { publicKey: string; privateKey: string; subject: string } {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT };
  const path = resolve(env.GYM_DATA_DIR, 'secrets', 'vapid.json');
  if (existsSync(path)) {
    const k = JSON.parse(readFileSync(path, 'utf8')) as { publicKey: string; privateKey: string };
    return { ...k, subject: env.VAPID_SUBJECT };
  }
  const k = generate();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify({ publicKey: k.publicKey, privateKey: k.privateKey }) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return { publicKey: k.publicKey, privateKey: k.privateKey, subject: env.VAPID_SUBJECT };
}
