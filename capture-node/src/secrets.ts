/**
 * Secrets capture-node shares with the server. In dev the server generates them once into
 * `$GYM_DATA_DIR/secrets/<name>` (server/src/auth/secrets.ts); capture-node only reads them, at the moment it
 * needs them, because the server may create them a moment after capture-node starts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The trimmed content of `<dataDir>/secrets/<name>`, or null when it is missing or empty. */
export function readSecretFile(dataDir: string, name: string): string | null {
  try {
    const v = readFileSync(resolve(dataDir, 'secrets', name), 'utf8').trim();
    return v || null;
  } catch {
    return null;
  }
}

/**
 * A secret from the environment when set, else from the data directory's file, read on every call until it is
 * found (then kept).
 */
export function secretSource(fromEnv: string | null, dataDir: string, name: string): () => string | null {
  let found = fromEnv;
  return () => (found ??= readSecretFile(dataDir, name));
}
