/**
 * Joining by invite (contract in `shared/src/api/contracts.ts`): staff make the link; the preview and the accept
 * need no account (the token is the credential, used once).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InviteAccept, InviteOut, InvitePreview } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { INVITE_DEFAULT_DAYS, type InvitesService } from '../services/invites.service.ts';
import { IdParams, LoginOut } from './schemas.ts';

const TokenParams = z.object({ token: z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/, 'not an invite token') });
const InviteQuery = z.object({ days: z.coerce.number().int().min(1).max(30).default(INVITE_DEFAULT_DAYS) });

export function invitesRoutes(app: FastifyInstance, ctx: AppContext, invites: InvitesService, opts: { publicUrl: string | null }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const origin = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.host}`;

  r.post('/api/members/:id/invites', { schema: { tags: ['members'], summary: 'Make a join link for a member (trainer or admin)', security: [{ bearer: [] }], params: IdParams, querystring: InviteQuery, response: { 201: InviteOut } } }, async (req, reply) => {
    const p = await ctx.guard.staff(req);
    return reply.status(201).send(await invites.create(p, req.params.id, origin(req), req.query.days));
  });

  // The token is the credential (256 bits), so guessing is hopeless; the limit keeps argon2 work and scans cheap.
  const limited = { rateLimit: { max: 60, timeWindow: '1 minute' } };

  r.get('/api/invites/:token', { config: limited, schema: { tags: ['members'], summary: 'Who an invite is for (no account needed; 404 when unknown, expired or used)', params: TokenParams, response: { 200: InvitePreview } } }, async (req) => {
    return invites.preview(req.params.token);
  });

  r.post('/api/invites/:token/accept', { config: limited, schema: { tags: ['members'], summary: 'Join: create the account, record consents and screening; signs in', params: TokenParams, body: InviteAccept, response: { 201: LoginOut } } }, async (req, reply) => {
    return reply.status(201).send(await invites.accept(req.params.token, req.body));
  });
}
