/**
 * The member's own data (contract in `shared/src/api/contracts.ts`): profile, consents, health screening, training
 * history, export and self-erasure. Member accounts only, always their own member: staff use /api/members/:id.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsentChoice, ConsentState, EraseConfirm, EraseResult, HealthScreening, MyProfile, ProfileUpdate, ProgressSeries, SessionOut, SetOut } from '@gym/shared';
import type { AppContext } from '../context.ts';
import type { Principal } from '../auth/principal.ts';
import { forbidden } from '../errors.ts';
import { myProfile } from '../services/my-profile.ts';
import { Text } from '@gym/shared/text.ts';

const sec = [{ bearer: [] }];
const Limit = (max: number, dflt: number) => z.object({ limit: z.coerce.number().int().min(1).max(max).default(dflt) });
const ProgressQuery = Limit(200, 30).extend({ exercise: Text().min(1).max(64).optional() });

export function meRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const member = async (req: FastifyRequest): Promise<Principal & { memberId: string }> => {
    const p = await ctx.guard.any(req);
    if (p.role !== 'member' || !p.memberId) throw forbidden('for member accounts (your own data); staff use /api/members/:id');
    return p as Principal & { memberId: string };
  };

  const profileOf = (memberId: string) => myProfile(ctx, memberId);
  const consentsOf = async (memberId: string): Promise<ConsentState[]> =>
    (await ctx.members.consentStates(memberId)).map((c) => ({ kind: c.kind, granted: c.granted, changedAt: c.changedAt?.toISOString() ?? null }));

  r.get('/api/me/profile', { schema: { tags: ['me'], summary: 'My profile, goals and health screening (member)', security: sec, response: { 200: MyProfile } } }, async (req) => {
    return profileOf((await member(req)).memberId);
  });

  r.put('/api/me/profile', { schema: { tags: ['me'], summary: 'Change my goals, injury notes or training reminders (member)', security: sec, body: ProfileUpdate, response: { 200: MyProfile } } }, async (req) => {
    const p = await member(req);
    await ctx.profiles.update(p.memberId, req.body);
    await ctx.audit.record(p, 'member.profile', 'member', p.memberId, { fields: Object.keys(req.body) });
    return profileOf(p.memberId);
  });

  r.put('/api/me/screening', { schema: { tags: ['me'], summary: 'Answer the health screening again (member; a "yes" waits for staff clearance)', security: sec, body: HealthScreening, response: { 200: MyProfile } } }, async (req) => {
    const p = await member(req);
    const row = await ctx.profiles.setScreening(p.memberId, req.body);
    await ctx.audit.record(p, 'member.profile', 'member', p.memberId, { fields: ['screening'], needsClearance: row.needsClearance });
    return profileOf(p.memberId);
  });

  r.get('/api/me/consents', { schema: { tags: ['me'], summary: 'My answer for each consent (member)', security: sec, response: { 200: z.array(ConsentState) } } }, async (req) => {
    return consentsOf((await member(req)).memberId);
  });

  r.put('/api/me/consents/:kind', { schema: { tags: ['me'], summary: 'Give or withdraw a consent (member; withdrawing face identification deletes my face data at once)', security: sec, params: z.object({ kind: ConsentChoice }), body: z.object({ granted: z.boolean() }), response: { 200: z.array(ConsentState) } } }, async (req) => {
    const p = await member(req);
    const { kind } = req.params;
    const has = await ctx.members.hasConsent(p.memberId, kind);
    if (req.body.granted && !has) await ctx.members.recordConsent(p.memberId, kind, 'member app, my data', p.userId);
    if (!req.body.granted) {
      // Revoking face identification deletes the enrolled faces in the same transaction (members.repository.ts).
      if (has || kind === 'face_identification') await ctx.members.revokeConsent(p.memberId, kind);
      if (!has) await ctx.members.recordRefusal(p.memberId, kind, 'member app, my data', p.userId);
    }
    await ctx.audit.record(p, 'member.consent', 'member', p.memberId, { kind, granted: req.body.granted });
    return consentsOf(p.memberId);
  });

  r.get('/api/me/sets', { schema: { tags: ['me'], summary: 'My sets with their reps, newest first (member)', security: sec, querystring: Limit(500, 50), response: { 200: z.array(SetOut) } } }, async (req) => {
    return ctx.history.sets((await member(req)).memberId, req.query.limit);
  });

  r.get('/api/me/sessions', { schema: { tags: ['me'], summary: 'My sessions with sets, reps and volume per exercise, newest first (member)', security: sec, querystring: Limit(200, 30), response: { 200: z.array(SessionOut) } } }, async (req) => {
    return ctx.history.sessions((await member(req)).memberId, req.query.limit);
  });

  r.get('/api/me/progress', { schema: { tags: ['me'], summary: 'Per-exercise progress over my last sessions, a point per session (member)', security: sec, querystring: ProgressQuery, response: { 200: z.array(ProgressSeries) } } }, async (req) => {
    return ctx.history.progress((await member(req)).memberId, req.query.exercise ?? null, req.query.limit);
  });

  r.get('/api/me/export', { schema: { tags: ['me', 'privacy'], summary: 'Everything stored about me, as a JSON download (member)', security: sec } }, async (req, reply) => {
    const p = await member(req);
    const data = await ctx.privacy.export(p.memberId);
    await ctx.audit.record(p, 'member.export', 'member', p.memberId);
    const day = new Date().toISOString().slice(0, 10);
    reply.header('content-disposition', `attachment; filename="smart-gym-my-data-${day}.json"`);
    reply.header('cache-control', 'no-store');
    return data;
  });

  r.delete('/api/me', { schema: { tags: ['me', 'privacy'], summary: 'Erase my account and everything about me (member; body { confirm: "ERASE" })', security: sec, body: EraseConfirm, response: { 200: EraseResult } } }, async (req) => {
    const p = await member(req);
    const res = await ctx.privacy.erase(p.memberId);
    // The actor's account is gone now; the audit row keeps its id only.
    await ctx.audit.record(p, 'member.erase', 'member', p.memberId, { ...res, self: true });
    return res;
  });
}
