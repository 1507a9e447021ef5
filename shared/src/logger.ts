import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Keys that may hold personal data. Log lines never carry names, e-mails, faces or embeddings: values under
 * these keys are replaced before they are written, wherever they appear in the first two levels.
 */
export const REDACTED_KEYS = [
  'name', 'displayName', 'email', 'password', 'passwordHash', 'token', 'authorization', 'phone',
  'embedding', 'embeddings', 'vector', 'bodyEmbedding', 'faceEmbedding', 'photo', 'image', 'rtspUrl',
] as const;

const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(service: string, options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const opts: LoggerOptions = {
    base: { service },
    level: 'info',
    redact: { paths, censor: '[redacted]' },
    ...options,
  };
  return destination ? pino(opts, destination) : pino(opts);
}

export type { Logger };
