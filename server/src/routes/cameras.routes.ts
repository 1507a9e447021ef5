import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { desc } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { canViewCamera } from '../auth/principal.ts';
import { forbidden, notFound } from '../errors.ts';
import { alerts } from '../db/schema/index.ts';
import { CheckinBody } from './schemas.ts';

const sec = [{ bearer: [] }];

export function camerasRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Public list of camera ids and names (no stream access): the console shows it before sign-in. Signed-in staff
  // get only the cameras they may watch.
  r.get('/api/cameras', { schema: { tags: ['cameras'], response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) } } }, async (req) => {
    const p = await ctx.guard.optional(req).catch(() => null);
    const rows = (await ctx.gyms.listCameras()).filter((c) => c.enabled && (!p || canViewCamera(p, c.id)));
    return rows.map((c) => ({ id: c.id, name: c.name }));
  });

  r.post(
    '/api/cameras/:id/view',
    { schema: { tags: ['cameras'], summary: 'Grant to watch one camera (audited); the capture node verifies the token', security: sec, params: z.object({ id: z.string() }), response: { 200: z.object({ token: z.string(), expiresInS: z.number() }) } } },
    async (req) => {
      const p = await ctx.guard.staff(req);
      if (!ctx.gym.cameras.some((c) => c.id === req.params.id)) throw notFound('camera');
      if (!canViewCamera(p, req.params.id)) throw forbidden('no permission for this camera');
      await ctx.audit.record(p, 'camera.view', 'camera', req.params.id);
      return { token: await ctx.tokens.signCameraView(p.userId, req.params.id, 300), expiresInS: 300 };
    },
  );

  r.get('/api/people/live', { schema: { tags: ['people'], summary: 'People currently tracked on cameras you may watch', security: sec } }, async (req) => {
    const p = await ctx.guard.staff(req);
    const out = [];
    for (const person of ctx.identity.people.values()) {
      const live = person.tracklets.filter((t) => t.live && canViewCamera(p, t.span.cameraId));
      if (live.length) out.push({ personId: person.personId, memberId: person.memberId, cameras: [...new Set(live.map((t) => t.span.cameraId))], lastSeenMs: person.lastSeenMs });
    }
    return out;
  });

  r.post(
    '/api/checkin',
    { schema: { tags: ['checkin'], summary: 'A scanned check-in QR code: the person on the check-in spot becomes that member (kiosk, staff account)', security: sec, body: CheckinBody, response: { 200: z.object({ personId: z.string(), memberId: z.string() }) } } },
    async (req) => {
      const p = await ctx.guard.staff(req);
      const memberId = await ctx.tokens.verifyCheckin(req.body.token);
      const { personId } = ctx.ingest.checkin(memberId, req.body.zoneId);
      await ctx.audit.record(p, 'checkin.bind', 'member', memberId, { zoneId: req.body.zoneId });
      return { personId, memberId };
    },
  );
}
