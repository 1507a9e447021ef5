import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { canReadMember } from '../auth/principal.ts';
import { forbidden, notFound } from '../errors.ts';
import { sets } from '../db/schema/index.ts';
import { UuidParam } from './schemas.ts';

/** A set's clip (the member themself or staff; staff reads are audited). */
export function clipsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/members/:id/sets/:setId/clip',
    { schema: { tags: ['workouts'], summary: "A set's video clip (video/mp4)", security: [{ bearer: [] }], params: z.object({ id: UuidParam, setId: UuidParam }) } },
    async (req, reply) => {
      const p = await ctx.guard.any(req);
      if (!canReadMember(p, req.params.id)) throw forbidden('members see only their own data');
      const [row] = await ctx.db.select({ key: sets.clipKey }).from(sets).where(and(eq(sets.id, req.params.setId), eq(sets.memberId, req.params.id)));
      if (!row?.key || !ctx.clips) throw notFound('clip');
      const data = await ctx.clips.get(row.key);
      if (!data) throw notFound('clip');
      if (p.memberId !== req.params.id) await ctx.audit.record(p, 'clip.view', 'member', req.params.id, { setId: req.params.setId });
      return reply.header('content-type', 'video/mp4').header('cache-control', 'private, no-store').send(Buffer.from(data));
    },
  );
}
