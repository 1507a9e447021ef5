/**
 * Staff alerts (contract in `shared/src/api/contracts.ts`): list, newest first, and acknowledge (who and when).
 * Alerts on a camera the caller may not watch are invisible to them (404, not 403, so their existence is not told).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { AlertKind, AlertOut } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { canViewCamera } from '../auth/principal.ts';
import { notFound } from '../errors.ts';
import { alerts, users } from '../db/schema/index.ts';

type AlertRow = typeof alerts.$inferSelect;

export function alertOut(r: AlertRow, acknowledgedByEmail: string | null = null): AlertOut {
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
    acknowledgedByEmail: r.acknowledgedBy ? acknowledgedByEmail : null,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
  };
}

const AlertsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** `open=true`: only alerts nobody has acknowledged yet. */
  open: z.enum(['true', 'false']).default('false'),
  /** Only alerts of this kind. */
  kind: AlertKind.optional(),
});

/** The staff accounts' emails of the given user ids (who acknowledged): staff see each other's work emails. */
async function emailsOf(ctx: AppContext, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((u) => [u.id, u.email]));
}
const AlertParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'id must be a numeric alert id') });

export function alertsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sec = [{ bearer: [] }];
  r.get('/api/alerts', { schema: { tags: ['alerts'], summary: 'Alerts on cameras you may watch, newest first (staff)', security: sec, querystring: AlertsQuery, response: { 200: z.array(AlertOut) } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    const where: SQL[] = [];
    if (req.query.open === 'true') where.push(isNull(alerts.acknowledgedAt));
    if (req.query.kind) where.push(eq(alerts.kind, req.query.kind));
    const rows = await ctx.db.select().from(alerts).where(and(...where)).orderBy(desc(alerts.id)).limit(req.query.limit);
    const seen = rows.filter((a) => !a.cameraId || canViewCamera(p, a.cameraId));
    const emails = await emailsOf(ctx, seen.map((a) => a.acknowledgedBy));
    return seen.map((a) => alertOut(a, a.acknowledgedBy ? (emails.get(a.acknowledgedBy) ?? null) : null));
  });

  r.post('/api/alerts/:id/ack', { schema: { tags: ['alerts'], summary: 'Acknowledge an alert: records who and when (staff)', security: sec, params: AlertParams, response: { 200: AlertOut } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    const id = Number(req.params.id);
    const [row] = await ctx.db.select().from(alerts).where(eq(alerts.id, id)).limit(1);
    if (!row || (row.cameraId && !canViewCamera(p, row.cameraId))) throw notFound('alert');
    // Acknowledging twice keeps the first acknowledgement (who saw it first).
    if (row.acknowledgedAt) return alertOut(row, (await emailsOf(ctx, [row.acknowledgedBy])).get(row.acknowledgedBy ?? '') ?? null);
    const [updated] = await ctx.db
      .update(alerts)
      .set({ acknowledgedAt: new Date(), acknowledgedBy: p.userId })
      .where(and(eq(alerts.id, id), isNull(alerts.acknowledgedAt)))
      .returning();
    const final = updated ?? (await ctx.db.select().from(alerts).where(eq(alerts.id, id)).limit(1))[0]!;
    await ctx.audit.record(p, 'alert.ack', 'alert', String(id), { kind: final.kind });
    return alertOut(final, (await emailsOf(ctx, [final.acknowledgedBy])).get(final.acknowledgedBy ?? '') ?? null);
  });
}
