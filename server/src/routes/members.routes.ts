import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { canReadMember, isStaff, type Principal } from '../auth/principal.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import { reps, sets } from '../db/schema/index.ts';
import { ConsentBody, ConsentKind, ConsentOut, FacesBody, IdParams, MemberOut, NewMember } from './schemas.ts';

const sec = [{ bearer: [] }];

export function membersRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const readable = async (p: Principal, id: string) => {
    if (!canReadMember(p, id)) throw forbidden('members see only their own data');
    const m = await ctx.members.get(id);
    if (!m) throw notFound('member');
    if (p.memberId !== id) await ctx.audit.record(p, 'member.read', 'member', id);
    return m;
  };

  // Consents are the member's own; staff record paper evidence only under an admin account (docs/server.md roles).
  const consentable = async (p: Principal, id: string) => {
    if (!(p.memberId === id || p.role === 'admin')) throw forbidden('only the member or an admin may change consents');
    return readable(p, id);
  };

  r.get('/api/members', { schema: { tags: ['members'], security: sec, response: { 200: z.array(MemberOut) } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    await ctx.audit.record(p, 'member.read', 'member', null, { list: true });
    return ctx.members.list(ctx.gym.gym.id);
  });

  r.post('/api/members', { schema: { tags: ['members'], security: sec, body: NewMember, response: { 201: MemberOut } } }, async (req, reply) => {
    await ctx.guard.admin(req);
    const m = await ctx.members.create(ctx.gym.gym.id, req.body.displayName, req.body.email ?? null);
    return reply.status(201).send(m);
  });

  r.get('/api/members/:id', { schema: { tags: ['members'], security: sec, params: IdParams, response: { 200: MemberOut } } }, async (req) => {
    return readable(await ctx.guard.any(req), req.params.id);
  });

  r.get('/api/members/:id/consents', { schema: { tags: ['members'], security: sec, params: IdParams, response: { 200: z.array(ConsentOut) } } }, async (req) => {
    await readable(await ctx.guard.any(req), req.params.id);
    return ctx.members.listConsents(req.params.id);
  });

  r.post('/api/members/:id/consents', { schema: { tags: ['members'], summary: 'Record a consent (the member, or an admin with evidence)', security: sec, params: IdParams, body: ConsentBody, response: { 201: ConsentOut } } }, async (req, reply) => {
    const p = await ctx.guard.any(req);
    await consentable(p, req.params.id);
    const c = await ctx.members.recordConsent(req.params.id, req.body.kind, req.body.evidence, p.userId);
    await ctx.audit.record(p, 'member.consent', 'member', req.params.id, { kind: req.body.kind, granted: true });
    return reply.status(201).send(c);
  });

  r.delete('/api/members/:id/consents/:kind', { schema: { tags: ['members'], summary: 'Revoke a consent (the member or an admin; revoking face identification deletes enrolled faces)', security: sec, params: IdParams.extend({ kind: ConsentKind }), response: { 200: z.object({ revoked: z.number() }) } } }, async (req) => {
    const p = await ctx.guard.any(req);
    await consentable(p, req.params.id);
    const revoked = await ctx.members.revokeConsent(req.params.id, req.params.kind);
    await ctx.audit.record(p, 'member.consent', 'member', req.params.id, { kind: req.params.kind, granted: false });
    return { revoked };
  });

  r.post('/api/members/:id/faces', { schema: { tags: ['members'], summary: 'Enrol face embeddings (admin; needs a recorded face-identification consent)', security: sec, params: IdParams, body: FacesBody, response: { 201: z.object({ enrolled: z.number(), total: z.number() }) } } }, async (req, reply) => {
    // Admin only: an enrolled face makes the system name whoever shows it as this member.
    const p = await ctx.guard.admin(req);
    await readable(p, req.params.id);
    if (!(await ctx.members.hasConsent(req.params.id, 'face_identification')))
      throw new ApiError(409, 'CONSENT_REQUIRED', 'record the member’s face-identification consent before enrolling a face');
    const dims = new Set(req.body.embeddings.map((e) => e.length));
    if (dims.size !== 1) throw new ApiError(400, 'VALIDATION', 'embeddings must all have the same length');
    const enrolled = await ctx.members.addFaces(req.params.id, req.body.model, req.body.embeddings);
    await ctx.audit.record(p, 'member.enrol', 'member', req.params.id, { faces: enrolled, model: req.body.model });
    return reply.status(201).send({ enrolled, total: await ctx.members.countFaces(req.params.id) });
  });

  r.get('/api/members/:id/sets', { schema: { tags: ['workouts'], summary: 'Sets with their reps (newest first)', security: sec, params: IdParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) } }, async (req) => {
    await readable(await ctx.guard.any(req), req.params.id);
    const st = await ctx.db.select().from(sets).where(eq(sets.memberId, req.params.id)).orderBy(desc(sets.startedAt)).limit(req.query.limit);
    const rp = await ctx.db.select().from(reps).where(eq(reps.memberId, req.params.id)).orderBy(reps.at);
    return st.map((s) => ({ ...s, repLog: rp.filter((x) => x.setId === s.id) }));
  });

  r.get('/api/members/:id/export', { schema: { tags: ['privacy'], summary: 'Everything stored about a member (the member or an admin)', security: sec, params: IdParams } }, async (req) => {
    const p = await ctx.guard.any(req);
    if (!(p.memberId === req.params.id || p.role === 'admin')) throw forbidden('only the member or an admin may export');
    const data = await ctx.privacy.export(req.params.id);
    await ctx.audit.record(p, 'member.export', 'member', req.params.id);
    return data;
  });

  r.delete('/api/members/:id', { schema: { tags: ['privacy'], summary: 'Erase a member and everything about them (admin)', security: sec, params: IdParams, response: { 200: z.object({ people: z.number(), tracklets: z.number(), clips: z.number() }) } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    const res = await ctx.privacy.erase(req.params.id);
    await ctx.audit.record(p, 'member.erase', 'member', req.params.id, res);
    return res;
  });

  r.post('/api/me/checkin-token', { schema: { tags: ['checkin'], summary: 'A short-lived token for the check-in QR code (members)', security: sec, response: { 200: z.object({ token: z.string(), expiresInS: z.number() }) } } }, async (req) => {
    const p = await ctx.guard.any(req);
    if (!p.memberId || isStaff(p)) throw forbidden('members only');
    return { token: await ctx.tokens.signCheckin(p.memberId, 120), expiresInS: 120 };
  });
}
