/**
 * Staff alerts (contract in `shared/src/api/contracts.ts`): list, newest first, and acknowledge (who and when).
 * Alerts on a camera the caller may not watch are invisible to them (404, not 403, so their existence is not told).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { AlertKind, AlertOut } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { canViewCamera } from '../auth/principal.ts';
import { notFound } from '../errors.ts';
import { alerts } from '../db/schema/index.ts';

type AlertRow = typeof alerts.$inferSelect;

export function alertOut(r: AlertRow): AlertOut {
  const kind = AlertKind.safeParse(r.kind);
  const severity = r.severity === 'info' || r.severity === 'warn' || r.severity === 'critical' ? r.severity : 'warn';
  return {
    id: String(r.id),
    at: r.at.toISOString(),
    kind: kind.success ? kind.data : 'custom',
    severity,
    cameraId: r.cameraId,
    personId: r.personId,
    memberId: r.memberId,
    message: r.message,
    acknowledgedBy: r.acknowledgedBy,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
  };
}

const AlertsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** `open=true`: only alerts nobody has acknowledged yet. */
  open: z.enum(['true', 'false']).default('false'),
});
const AlertParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'id must be a numeric alert id') });

export function alertsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sec = [{ bearer: [] }];
  r.get('/api/alerts', { schema: { tags: ['alerts'], summary: 'Alerts on cameras you may watch, newest first (staff)', security: sec, querystring: AlertsQuery, response: { 200: z.array(AlertOut) } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    const where = req.query.open === 'true' ? isNull(alerts.acknowledgedAt) : undefined;
    const rows = await ctx.db.select().from(alerts).where(where).orderBy(desc(alerts.id)).limit(req.query.limit);
    return rows.filter((a) => !a.cameraId || canViewCamera(p, a.cameraId)).map(alertOut);
  });

  r.post('/api/alerts/:id/ack', { schema: { tags: ['alerts'], summary: 'Acknowledge an alert: records who and when (staff)', security: sec, params: AlertParams, response: { 200: AlertOut } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    const id = Number(req.params.id);
    const [row] = await ctx.db.select().from(alerts).where(eq(alerts.id, id)).limit(1);
    if (!row || (row.cameraId && !canViewCamera(p, row.cameraId))) throw notFound('alert');
    // Acknowledging twice keeps the first acknowledgement (who saw it first).
    if (row.acknowledgedAt) return alertOut(row);
    const [updated] = await ctx.db
      .update(alerts)
      .set({ acknowledgedAt: new Date(), acknowledgedBy: p.userId })
      .where(and(eq(alerts.id, id), isNull(alerts.acknowledgedAt)))
      .returning();
    const final = updated ?? (await ctx.db.select().from(alerts).where(eq(alerts.id, id)).limit(1))[0]!;
    await ctx.audit.record(p, 'alert.ack', 'alert', String(id), { kind: final.kind });
    return alertOut(final);
  });
}
