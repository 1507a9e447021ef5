import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CameraHealth, WorkerStats } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { canViewCamera } from '../auth/principal.ts';
import type { CameraHealthService } from '../services/camera-health.service.ts';
import type { WorkerStatsStore } from '../services/worker-stats.store.ts';

export const SystemOut = z.object({
  gym: z.object({ id: z.string(), name: z.string() }),
  /** capture-node's origin for WebRTC signaling (the console watches cameras through it); null when unknown. */
  signalingUrl: z.string().nullable(),
  /** The face models the workers run (gym config `models`): the console's enrolment computes embeddings with the same (GET /models/<name>.onnx). */
  faceModels: z.object({ detector: z.string(), embedder: z.string() }),
});

/** One worker's latest report as the health page shows it; only the cameras the caller may watch. */
export const WorkerStatsOut = z.object({
  stats: WorkerStats,
  receivedAt: z.number(),
  /** (Re)connections since the server started: restarts = connects - 1. */
  connects: z.number().int(),
  /** No report for a while: the worker is probably down. */
  stale: z.boolean(),
});

/** What a signed-in client needs to find the rest of the system, and the cameras' health as capture-node reports it. */
export function systemRoutes(app: FastifyInstance, ctx: AppContext, opts: { signalingUrl: string | null; health: CameraHealthService | null; workerStats?: WorkerStatsStore | null }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const sec = [{ bearer: [] }];
  r.get('/api/system', { schema: { tags: ['system'], summary: 'Gym name and where live video is served', security: sec, response: { 200: SystemOut } } }, async (req) => {
    await ctx.guard.any(req);
    return { gym: { id: ctx.gym.gym.id, name: ctx.gym.gym.name }, signalingUrl: opts.signalingUrl, faceModels: { detector: ctx.gym.models.faceDetector, embedder: ctx.gym.models.face } };
  });
  r.get('/api/cameras/health', { schema: { tags: ['cameras'], summary: 'Health of the cameras this account may watch (staff)', security: sec, response: { 200: z.array(CameraHealth) } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    // Only cameras the gym has now (a camera removed in the console keeps its last health in the watcher).
    const known = new Set(ctx.gym.cameras.map((c) => c.id));
    return [...(opts.health?.current.values() ?? [])].filter((h) => known.has(h.cameraId) && canViewCamera(p, h.cameraId));
  });
  r.get('/api/workers/stats', { schema: { tags: ['system'], summary: 'Latest stats of each perception worker, cameras this account may watch (staff)', security: sec, response: { 200: z.array(WorkerStatsOut) } } }, async (req) => {
    const p = await ctx.guard.staff(req);
    return opts.workerStats?.list(Date.now(), (cameraId) => canViewCamera(p, cameraId)) ?? [];
  });
}
