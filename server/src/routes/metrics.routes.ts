/**
 * `GET /metrics` (Prometheus). Metrics name cameras and counts of people, so they are not for anyone who can reach
 * the port: the scraper presents `Authorization: Bearer <METRICS_TOKEN>`, or an admin signs in. Only a dev server
 * bound to loopback (nobody else can reach it) answers without either.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { unauthorized } from '../errors.ts';

export interface MetricsAccess {
  /** The scraper's bearer token (METRICS_TOKEN); null → only admins (or `open`). */
  token: string | null;
  /** Answer without a token: a dev server on loopback only. */
  open: boolean;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearer(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

export function metricsRoutes(app: FastifyInstance, ctx: AppContext, access: MetricsAccess) {
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!access.open) {
      const presented = bearer(req);
      if (!presented) throw unauthorized('metrics need Authorization: Bearer <METRICS_TOKEN> (or an admin token)');
      // Not the scraper's token → it must be an admin's access token (401 bad token, 403 not an admin).
      if (!(access.token && sameSecret(presented, access.token))) await ctx.guard.admin(req);
    }
    reply.header('content-type', ctx.metrics.registry.contentType);
    reply.header('cache-control', 'no-store');
    return ctx.metrics.registry.metrics();
  });
}
