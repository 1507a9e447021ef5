import { timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Logger } from '@gym/shared/logger.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.onnx': 'application/octet-stream',
  '.task': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Cross-origin isolation (wasm threads in the worker page) and a CSP that lets the page talk to its own origin
 * only, so nothing it loads can reach the outside.
 */
export const PAGE_HEADERS = pageHeaders([]);

/**
 * The page headers with extra `connect-src` origins (the server the worker pages send perception results to).
 * `'unsafe-eval'` and `blob:` scripts are what the wasm runtimes' loaders (onnxruntime-web, MediaPipe) need,
 * the same set as the analyse-video harness.
 */
export function pageHeaders(connectOrigins: string[]): Record<string, string> {
  const connect = ["'self'", 'blob:', 'data:', ...connectOrigins.flatMap((o) => [o, o.replace(/^http/, 'ws')])].join(' ');
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob:; connect-src ${connect}; img-src 'self' data: blob:; ` +
      "media-src 'self' blob: mediastream:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:",
    'X-Content-Type-Options': 'nosniff',
  };
}

export interface HttpOptions {
  /** JSON routes: path → handler returning the body. */
  routes: Record<string, () => unknown>;
  /** Text routes (Prometheus `/metrics`): path → handler resolving to the content type and body. */
  textRoutes?: Record<string, () => Promise<{ type: string; body: string }>>;
  /** Directory served as static files (the vite build output), or null. */
  webRoot: string | null;
  /** Further static directories by URL prefix (`/models/` → the prepared model files, the wasm runtimes). */
  mounts?: [prefix: string, dir: string][];
  /** Origins besides its own that the pages may connect to (the server's socket.io). */
  connectOrigins?: string[];
  /** Origins whose pages may read the JSON routes (CORS); others get no `Access-Control-Allow-Origin`. */
  allowedOrigins?: string[];
  /**
   * Routes with a method, a path pattern and a request body (JSON, ≤ 64 kB): the camera probe and snapshots.
   * The answer is JSON, or a Buffer sent with `type`.
   */
  handlers?: Handler[];
  /** Asked before every JSON, text and handler route (`/health`, `/cameras`, `/metrics`, …) with its path; false → 401. Absent: open. */
  authorize?: (req: IncomingMessage, path: string) => boolean;
  logger: Logger;
  /** Slow-loris limits (ms); defaults DEFAULT_HTTP_LIMITS. */
  limits?: Partial<HttpLimits>;
}

export interface Handler {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(match: RegExpExecArray, body: unknown): Promise<{ status: number; type?: string; body: unknown }>;
}

export interface HttpLimits {
  headersMs: number;
  requestMs: number;
  idleMs: number;
  checkEveryMs?: number;
}
export const DEFAULT_HTTP_LIMITS: HttpLimits = { headersMs: 10_000, requestMs: 30_000, idleMs: 60_000 };

/** A request without an Origin (not a browser page), from its own host's page, or from an allowed origin. */
export function sameOrAllowedOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Constant-time comparison of a presented secret with the configured one. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer token of a request (`Authorization: Bearer …`), or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

/** `GET /health`, `GET /cameras` (JSON) and the built browser pages, on one HTTP server socket.io attaches to. */
export function createHttpServer(o: HttpOptions): Server {
  const log = o.logger.child({ module: 'http' });
  const headers = pageHeaders(o.connectOrigins ?? []);
  const allowed = new Set(o.allowedOrigins ?? []);
  const limits = { ...DEFAULT_HTTP_LIMITS, ...o.limits };
  // Slow-loris: headers and the whole request must arrive in time (408 and closed otherwise), checked every second;
  // a connection silent in both directions is closed. Upgraded socket.io connections have their own heartbeat.
  const server = createServer({ headersTimeout: Math.min(limits.headersMs, limits.requestMs), requestTimeout: limits.requestMs, connectionsCheckingInterval: limits.checkEveryMs ?? 1000 }, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) res.setHeader('access-control-allow-origin', origin).setHeader('vary', 'Origin');
    const handler = o.handlers?.map((h) => ({ h, m: h.method === req.method ? h.pattern.exec(url.pathname) : null })).find((x) => x.m);
    if (handler) {
      if (o.authorize && !o.authorize(req, url.pathname)) return send(res, 401, { error: 'token required (Authorization: Bearer <capture token>)' });
      readJson(req).then(
        (body) => handler.h.handle(handler.m!, body),
        (): Awaited<ReturnType<Handler['handle']>> => ({ status: 400, body: { error: 'body: not JSON (or over 64 kB)' } }),
      ).then(
        (r) => {
          if (Buffer.isBuffer(r.body)) {
            res.writeHead(r.status, { 'content-type': r.type ?? 'application/octet-stream', 'cache-control': 'no-store', 'content-length': r.body.length });
            res.end(r.body);
          } else send(res, r.status, r.body);
        },
        (e: unknown) => {
          log.error({ err: (e as Error).message, path: url.pathname }, 'route failed');
          send(res, 500, { error: 'internal error' });
        },
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    const route = o.routes[url.pathname];
    const text = o.textRoutes?.[url.pathname];
    if ((route || text) && o.authorize && !o.authorize(req, url.pathname)) return send(res, 401, { error: 'token required (Authorization: Bearer <capture token>)' });
    if (route) {
      try {
        return send(res, 200, route());
      } catch (e) {
        log.error({ err: (e as Error).message, path: url.pathname }, 'route failed');
        return send(res, 500, { error: 'internal error' });
      }
    }
    if (text) {
      text().then(
        (r) => {
          res.writeHead(200, { 'content-type': r.type, 'cache-control': 'no-store' });
          res.end(r.body);
        },
        (e: unknown) => {
          log.error({ err: (e as Error).message, path: url.pathname }, 'route failed');
          send(res, 500, { error: 'internal error' });
        },
      );
      return;
    }
    const mount = o.mounts?.find(([prefix]) => url.pathname.startsWith(prefix));
    if (mount) return serveStatic(mount[1], url.pathname.slice(mount[0].length), res, headers);
    if (!o.webRoot) return send(res, 404, { error: 'not found' });
    serveStatic(o.webRoot, url.pathname, res, headers);
  });
  server.setTimeout(limits.idleMs);
  return server;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) {
        req.destroy();
        reject(new Error('too large'));
      } else parts.push(c);
    });
    req.on('end', () => {
      try {
        resolve(size ? JSON.parse(Buffer.concat(parts).toString('utf8')) : null);
      } catch (e) {
        reject(e as Error);
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): void {
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return send(res, 400, { error: 'bad path' });
  }
  if (rel.split(sep).includes('..')) return send(res, 400, { error: 'bad path' });
  let file = join(root, rel);
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    const st = statSync(file);
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-cache',
      ...headers,
    });
    createReadStream(file).pipe(res);
  } catch {
    send(res, 404, { error: 'not found' });
  }
}
