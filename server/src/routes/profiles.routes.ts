/**
 * Staff side of a member's profile: read it (goals, notes, health screening; audited) and clear a PAR-Q+ hold after
 * talking to the member (contract: `POST /api/members/:id/clearance`, trainer or admin → MyProfile).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MyProfile } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { canReadMember } from '../auth/principal.ts';
import { forbidden } from '../errors.ts';
import { myProfile } from '../services/my-profile.ts';
import { IdParams } from './schemas.ts';

const sec = [{ bearer: [] }];

export function profilesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/members/:id/profile', { schema: { tags: ['members'], summary: 'A member’s goals, notes and health screening (staff, audited; or the member)', security: sec, params: IdParams, response: { 200: MyProfile } } }, async (req) => {
    const p = await ctx.guard.any(req);
    if (!canReadMember(p, req.params.id)) throw forbidden('members see only their own data');
    const out = await myProfile(ctx, req.params.id);
    if (p.memberId !== req.params.id) await ctx.audit.record(p, 'member.read', 'member', req.params.id, { profile: true });
    return out;
  });

  r.post('/api/members/:id/clearance', { schema: { tags: ['members'], summary: 'Clear a health-screening hold (trainer or admin; who and when are kept)', security: sec, params: IdParams, response: { 200: MyProfile } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    await myProfile(ctx, req.params.id); // 404 for an unknown member
    const cleared = await ctx.profiles.clear(req.params.id, p.userId);
    await ctx.audit.record(p, 'member.profile', 'member', req.params.id, { cleared });
    return myProfile(ctx, req.params.id);
  });
}
