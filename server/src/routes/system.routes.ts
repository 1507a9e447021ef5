import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';

export const SystemOut = z.object({
  gym: z.object({ id: z.string(), name: z.string() }),
  /** capture-node's origin for WebRTC signaling (the console watches cameras through it); null when unknown. */
  signalingUrl: z.string().nullable(),
});

/** What a signed-in client needs to find the rest of the system. */
export function systemRoutes(app: FastifyInstance, ctx: AppContext, opts: { signalingUrl: string | null }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/system', { schema: { tags: ['system'], summary: 'Gym name and where live video is served', security: [{ bearer: [] }], response: { 200: SystemOut } } }, async (req) => {
    await ctx.guard.any(req);
    return { gym: { id: ctx.gym.gym.id, name: ctx.gym.gym.name }, signalingUrl: opts.signalingUrl };
  });
}
