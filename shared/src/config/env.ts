import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { formatPath } from '../validation.ts';

/**
 * Parses environment variables with a zod object schema whose keys are the variable names. Used once per
 * deployable in its config.ts; the error names every bad variable.
 */
export function parseEnv<T extends z.ZodObject>(schema: T, env: Record<string, string | undefined> = process.env): z.output<T> {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  throw new ConfigError(
    'environment',
    r.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })),
  );
}

/** Boolean env var: 1/0, true/false, yes/no. */
export const envBool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
export const envPort = z.coerce.number().int().min(0).max(65535);

/** A listen address only this machine reaches: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
