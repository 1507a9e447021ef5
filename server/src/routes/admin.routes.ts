import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { CameraGrants, DeliveryJobOut, DeliveryJobState } from '@gym/shared';
import type { JobRow } from '../repositories/jobs.repository.ts';
import { ApiError, notFound } from '../errors.ts';
import { createUser } from '../services/users.service.ts';
import { IdParams, NewUser, UserOut } from './schemas.ts';

const sec = [{ bearer: [] }];

const jobOut = (j: JobRow): DeliveryJobOut => ({
  id: j.id,
  kind: j.kind,
  memberId: j.memberId,
  state: j.state,
  attempts: j.attempts,
  maxAttempts: j.maxAttempts,
  runAt: j.runAt.toISOString(),
  lastError: j.lastError,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
});

export function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/users', { schema: { tags: ['admin'], security: sec, body: NewUser, response: { 201: UserOut } } }, async (req, reply) => {
    const p = await ctx.guard.admin(req);
    const u = await createUser(ctx, req.body);
    await ctx.audit.record(p, 'user.create', 'user', u.id, { role: u.role });
    return reply.status(201).send({ id: u.id, email: u.email, role: u.role, memberId: u.memberId });
  });

  r.get('/api/users', { schema: { tags: ['admin'], security: sec } }, async (req) => {
    await ctx.guard.admin(req);
    return ctx.users.list();
  });

  r.get('/api/users/:id/cameras', { schema: { tags: ['admin'], summary: 'The cameras a trainer may watch (admin)', security: sec, params: IdParams, response: { 200: CameraGrants } } }, async (req) => {
    await ctx.guard.admin(req);
    if (!(await ctx.users.byId(req.params.id))) throw notFound('user');
    return { cameras: await ctx.users.cameras(req.params.id) };
  });

  r.put('/api/users/:id/cameras', { schema: { tags: ['admin'], summary: 'Set the cameras a trainer may watch (admin)', security: sec, params: IdParams, body: CameraGrants, response: { 200: CameraGrants } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    const user = await ctx.users.byId(req.params.id);
    if (!user) throw notFound('user');
    if (user.role !== 'trainer') throw new ApiError(400, 'VALIDATION', 'cameras: only trainer accounts have camera grants (admins see all, members none)');
    const wanted = [...new Set(req.body.cameras)];
    const unknown = wanted.filter((c) => !ctx.gym.cameras.some((k) => k.id === c));
    if (unknown.length) throw new ApiError(400, 'VALIDATION', `cameras: unknown ${unknown.join(', ')}`);
    await ctx.users.setCameras(user.id, wanted);
    await ctx.audit.record(p, 'user.cameras', 'user', user.id, { cameras: wanted });
    return { cameras: await ctx.users.cameras(user.id) };
  });

  r.get('/api/audit', { schema: { tags: ['admin'], summary: 'Who viewed which camera and whose data', security: sec, querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) } }, async (req) => {
    await ctx.guard.admin(req);
    return ctx.audit.list(req.query.limit);
  });

  r.put('/api/identity/threshold', { schema: { tags: ['admin'], summary: 'Tune the face-match threshold at run time', security: sec, body: z.object({ faceMatchThreshold: z.number().min(0).max(1) }) } }, async (req) => {
    await ctx.guard.admin(req);
    if (req.body.faceMatchThreshold < 0.3) throw new ApiError(400, 'VALIDATION', 'faceMatchThreshold under 0.3 names strangers as members');
    ctx.identity.threshold = req.body.faceMatchThreshold;
    return { faceMatchThreshold: ctx.identity.threshold };
  });

  r.get(
    '/api/admin/jobs',
    { schema: { tags: ['admin'], summary: 'Delivery jobs (summaries, pushes), e.g. the dead ones', security: sec, querystring: z.object({ state: DeliveryJobState.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.array(DeliveryJobOut) } } },
    async (req) => {
      await ctx.guard.admin(req);
      return (await ctx.jobsRepo.list(req.query.state ?? null, req.query.limit)).map(jobOut);
    },
  );

  r.post('/api/admin/jobs/:id/retry', { schema: { tags: ['admin'], summary: 'Run a dead delivery job again', security: sec, params: IdParams, response: { 200: DeliveryJobOut } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    if (!(await ctx.jobsRepo.revive(req.params.id))) throw notFound('dead job');
    await ctx.audit.record(p, 'job.retry', 'job', req.params.id, {});
    const j = await ctx.jobsRepo.byId(req.params.id);
    if (!j) throw notFound('job');
    return jobOut(j);
  });
}
