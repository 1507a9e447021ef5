/**
 * Push notification opt-in (contract in `shared/src/api/contracts.ts`): the app reads the VAPID public key, subscribes
 * in the browser and hands the subscription here; unsubscribing removes it. Member accounts only, their own.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PushSubscriptionIn } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { ApiError, forbidden } from '../errors.ts';

const sec = [{ bearer: [] }];

export function pushRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const member = async (req: Parameters<typeof ctx.guard.any>[0]) => {
    const p = await ctx.guard.any(req);
    if (p.role !== 'member' || !p.memberId) throw forbidden('push notifications are for member accounts');
    return p.memberId;
  };

  r.get('/api/push/vapid-public-key', { schema: { tags: ['push'], summary: 'The VAPID public key for PushManager.subscribe (no account needed)', response: { 200: z.object({ publicKey: z.string() }) } } }, async () => ({ publicKey: ctx.push.publicKey }));

  r.post('/api/me/push/subscriptions', { schema: { tags: ['push'], summary: 'Turn on notifications on this device (member)', security: sec, body: PushSubscriptionIn, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) => {
    const memberId = await member(req);
    if (!req.body.endpoint.startsWith('https://')) throw new ApiError(400, 'VALIDATION', 'endpoint: must be an https:// URL');
    return reply.status(201).send({ id: await ctx.pushSubscriptions.upsert(memberId, req.body) });
  });

  r.delete('/api/me/push/subscriptions', { schema: { tags: ['push'], summary: 'Turn off notifications on this device (member)', security: sec, body: z.object({ endpoint: z.string().url().max(2000) }), response: { 200: z.object({ removed: z.number().int() }) } } }, async (req) => {
    return { removed: await ctx.pushSubscriptions.remove(await member(req), req.body.endpoint) };
  });
}
