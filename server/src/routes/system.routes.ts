import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CameraHealth } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { canViewCamera } from '../auth/principal.ts';
import type { CameraHealthService } from '../services/camera-health.service.ts';

export const SystemOut = z.object({
  gym: z.object({ id: z.string(), name: z.string() }),
  /** capture-node's origin for WebRTC signaling (the console watches cameras through it); null when unknown. */
  signalingUrl: z.string().nullable(),
});

/** What a signed-in client needs to find the rest of the system, and the cameras' health as capture-node reports it. */
export function systemRoutes(app: FastifyInstance, ctx: AppContext, opts: { signalingUrl: string | null; health: CameraHealthService | null }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sec = [{ bearer: [] }];
  r.get('/api/system', { schema: { tags: ['system'], summary: 'Gym name and where live video is served', security: sec, response: { 200: SystemOut } } }, async (req) => {
    await ctx.guard.any(req);
    return { gym: { id: ctx.gym.gym.id, name: ctx.gym.gym.name }, signalingUrl: opts.signalingUrl };
  });
  r.get('/api/cameras/health', { schema: { tags: ['cameras'], summary: 'Health of the cameras this account may watch (staff)', security: sec, response: { 200: z.array(CameraHealth) } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    return [...(opts.health?.current.values() ?? [])].filter((h) => canViewCamera(p, h.cameraId));
  });
}
