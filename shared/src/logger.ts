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

/** Drops a failed query's bound parameters (drizzle puts them in the message as "params: ..."). */
function stripParams(text: string): string {
  const at = text.search(/\nparams:/);
  return at < 0 ? text : `${text.slice(0, at)}\nparams: [omitted]`;
}

/**
 * Error serialiser for every logger: a database error carries the query's parameters (member names, e-mails,
 * embeddings) in `params`, its message and its stack. Only the name, code, message and stack with the
 * parameters cut, and the same for the cause chain, are written; no other own property of the error is.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? stripParams(err) : err;
  const e = err as Error & { code?: unknown; query?: unknown };
  const out: Record<string, unknown> = { type: e.name, message: stripParams(e.message) };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (typeof e.query === 'string') out.query = e.query;
  if (e.stack) out.stack = stripParams(e.stack);
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A path segment that is a secret: a JWT, or a long opaque token (invite, check-in); ids (UUIDs) stay. */
const secretSegment = (seg: string, prev: string | undefined) =>
  (prev === 'invites' && seg !== '') || /^[\w-]+\.[\w-]+\.[\w-]+$/.test(seg) || (seg.length >= 24 && !UUID.test(seg) && /^[\w%~-]+$/.test(seg));

/**
 * A request URL fit for a log line: token path segments (`/api/invites/<token>`) become `:token` and the query
 * keeps only its parameter names (a search term, a token in `?token=` never reach the log).
 */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q))
    .split('/')
    .map((seg, i, all) => (secretSegment(seg, all[i - 1]) ? ':token' : seg))
    .join('/');
  if (q < 0) return path;
  const names = [...new URLSearchParams(url.slice(q + 1)).keys()].map((k) => k.slice(0, 40));
  return `${path}?${[...new Set(names)].join('&')}`;
}

/** The `req` a request log line carries (fastify's request): method, a safe URL, the peer; no headers or body. */
function serializeRequest(req: unknown): unknown {
  if (!req || typeof req !== 'object') return req;
  const r = req as { method?: unknown; url?: unknown; ip?: unknown; host?: unknown; socket?: { remotePort?: unknown } };
  if (typeof r.url !== 'string') return req;
  return { method: r.method, url: safeUrl(r.url), host: r.host, remoteAddress: r.ip, remotePort: r.socket?.remotePort };
}

export function createLogger(service: string, options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const opts: LoggerOptions = {
    base: { service },
    level: 'info',
    redact: { paths, censor: '[redacted]' },
    ...options,
    serializers: { err: serializeError, error: serializeError, req: serializeRequest, ...options.serializers },
  };
  return destination ? pino(opts, destination) : pino(opts);
}

export type { Logger };
