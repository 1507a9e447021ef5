/**
 * Camera administration (#16): cameras added from an RTSP URL, probing a URL, snapshots for the zone editor,
 * zones, the floor homography from four marked points, the topology; and the worker-token list capture-node
 * fetches to ingest console cameras without a restart (docs/cameras-admin.md). Every change is audited (never
 * with the URL) and applied at once through the camera catalogue.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CameraAdmin,
  CameraPatch,
  CameraProbeResult,
  CameraTestBody,
  CaptureCameraList,
  FloorPoints,
  HomographyOut,
  NewCamera,
  TopologyBody,
  TopologyOut,
  ZonesBody,
} from '@gym/shared';
import { hasCollinearTriple, homographyFromPoints } from '@gym/shared/geometry/index.ts';
import type { AppContext } from '../context.ts';
import { canViewCamera } from '../auth/principal.ts';
import { ApiError, forbidden, notFound, unauthorized } from '../errors.ts';
import type { CaptureClient } from '../services/capture.client.ts';

const sec = [{ bearer: [] }];
const IdParams = z.object({ id: z.string().min(1).max(64) });
const bad = (message: string) => new ApiError(400, 'VALIDATION', message);

export interface CameraAdminOptions {
  capture: CaptureClient;
  /** Tokens perception workers (and capture-node) present; the capture list needs one. */
  workerTokens: readonly string[];
  probeTimeoutMs?: number;
}

export function cameraAdminRoutes(app: FastifyInstance, ctx: AppContext, o: CameraAdminOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cat = ctx.catalogue;
  const probeTimeoutMs = o.probeTimeoutMs ?? 5000;
  const view = (id: string) => {
    const c = cat.adminList().find((x) => x.id === id);
    if (!c) throw notFound('camera');
    return c;
  };
  const known = (id: string) => ctx.gym.cameras.some((c) => c.id === id);
  const consoleCamera = (id: string) => {
    if (!known(id)) throw notFound('camera');
    if (cat.isFileCamera(id)) throw new ApiError(409, 'CONFIG_CAMERA', `camera "${id}" comes from the gym config file: change it there`);
  };

  r.get('/api/admin/cameras', { schema: { tags: ['cameras'], summary: 'Every camera with its zones and homography, URLs masked (admin)', security: sec, response: { 200: z.array(CameraAdmin) } } }, async (req) => {
    await ctx.guard.admin(req);
    return cat.adminList();
  });

  r.post('/api/cameras', { schema: { tags: ['cameras'], summary: 'Add a camera from its RTSP URL; capture-node starts ingesting it within seconds (admin)', security: sec, body: NewCamera, response: { 201: CameraAdmin } } }, async (req, reply) => {
    const p = await ctx.guard.admin(req);
    if (known(req.body.id)) throw new ApiError(409, 'CAMERA_EXISTS', `id: camera "${req.body.id}" exists`);
    if (!(await ctx.gyms.addCamera(ctx.gym.gym.id, req.body))) throw new ApiError(409, 'CAMERA_EXISTS', `id: camera "${req.body.id}" exists (disabled)`);
    await ctx.audit.record(p, 'camera.create', 'camera', req.body.id, { name: req.body.name });
    await cat.refresh();
    return reply.status(201).send(view(req.body.id));
  });

  r.patch('/api/cameras/:id', { schema: { tags: ['cameras'], summary: 'Rename, enable/disable or re-point a console camera (admin)', security: sec, params: IdParams, body: CameraPatch, response: { 200: CameraAdmin } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    consoleCamera(req.params.id);
    await ctx.gyms.updateCamera(req.params.id, req.body);
    await ctx.audit.record(p, 'camera.update', 'camera', req.params.id, { fields: Object.keys(req.body) });
    await cat.refresh();
    return view(req.params.id);
  });

  r.delete('/api/cameras/:id', { schema: { tags: ['cameras'], summary: 'Remove a console camera: its ingest stops (admin)', security: sec, params: IdParams, response: { 200: z.object({ removed: z.string() }) } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    consoleCamera(req.params.id);
    await ctx.gyms.deleteConsoleCamera(req.params.id);
    await ctx.audit.record(p, 'camera.delete', 'camera', req.params.id);
    await cat.refresh();
    return { removed: req.params.id };
  });

  r.post('/api/cameras/test', { schema: { tags: ['cameras'], summary: 'Probe an RTSP URL through capture-node: codec, size, fps and a JPEG, or why not (admin)', security: sec, body: CameraTestBody, response: { 200: CameraProbeResult } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    const result = await o.capture.probe(req.body.rtspUrl, probeTimeoutMs);
    await ctx.audit.record(p, 'camera.test', 'camera', null, { ok: result.ok });
    return result;
  });

  r.get('/api/cameras/:id/snapshot', { schema: { tags: ['cameras'], summary: 'One JPEG frame of a camera (staff with a grant on it; audited)', security: sec, params: IdParams } }, async (req, reply) => {
    const p = await ctx.guard.staff(req);
    if (!known(req.params.id)) throw notFound('camera');
    if (!canViewCamera(p, req.params.id)) throw forbidden('no permission for this camera');
    await ctx.audit.record(p, 'camera.snapshot', 'camera', req.params.id);
    const jpeg = await o.capture.snapshot(req.params.id);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'no-store').send(jpeg);
  });

  r.put('/api/cameras/:id/zones', { schema: { tags: ['cameras'], summary: 'Replace the zones of one camera (normalised polygons; admin)', security: sec, params: IdParams, body: ZonesBody, response: { 200: CameraAdmin } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    if (!known(req.params.id)) throw notFound('camera');
    const others = new Set(ctx.gym.zones.filter((z) => z.cameraId !== req.params.id).map((z) => z.id));
    const clash = req.body.zones.findIndex((z) => others.has(z.id));
    if (clash >= 0) throw bad(`zones.${clash}.id: zone id "${req.body.zones[clash]!.id}" is used on another camera`);
    await ctx.gyms.setZones(req.params.id, req.body.zones);
    await ctx.audit.record(p, 'camera.zones', 'camera', req.params.id, { zones: req.body.zones.length });
    await cat.refresh();
    return view(req.params.id);
  });

  r.put('/api/cameras/:id/homography', { schema: { tags: ['cameras'], summary: 'Set the image → floor homography from four marked points and their floor metres (admin)', security: sec, params: IdParams, body: FloorPoints, response: { 200: HomographyOut } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    if (!known(req.params.id)) throw notFound('camera');
    if (hasCollinearTriple(req.body.image)) throw bad('image: three of the marked points are collinear (on one line): mark four points, no three on one line');
    if (hasCollinearTriple(req.body.floor)) throw bad('floor: three of the floor points are collinear (on one line)');
    let h: number[];
    try {
      h = homographyFromPoints(req.body.image, req.body.floor);
    } catch (e) {
      throw bad(`image: ${(e as Error).message}`);
    }
    if (!h.every(Number.isFinite)) throw bad('image: these points give no usable mapping');
    await ctx.gyms.setHomography(req.params.id, h, req.body);
    await ctx.audit.record(p, 'camera.homography', 'camera', req.params.id);
    await cat.refresh();
    return { homography: h, points: req.body };
  });

  r.get('/api/topology', { schema: { tags: ['cameras'], summary: 'Which cameras connect and the typical walk between them (admin)', security: sec, response: { 200: TopologyOut } } }, async (req) => {
    await ctx.guard.admin(req);
    return cat.topology();
  });

  r.put('/api/topology', { schema: { tags: ['cameras'], summary: 'Replace the camera topology; identity uses it at once (admin)', security: sec, body: TopologyBody, response: { 200: TopologyOut } } }, async (req) => {
    const p = await ctx.guard.admin(req);
    req.body.links.forEach((l, i) => {
      if (!known(l.from)) throw bad(`links.${i}.from: unknown camera "${l.from}"`);
      if (!known(l.to)) throw bad(`links.${i}.to: unknown camera "${l.to}"`);
    });
    await ctx.gyms.setTopology(ctx.gym.gym.id, req.body.links);
    await ctx.audit.record(p, 'topology.update', 'gym', ctx.gym.gym.id, { links: req.body.links.length });
    await cat.refresh();
    return cat.topology();
  });

  r.get('/api/capture/cameras', { schema: { tags: ['cameras'], summary: 'Console cameras to ingest, full URLs (capture-node, worker token)', security: sec, response: { 200: CaptureCameraList } } }, async (req) => {
    if (!isWorkerToken(req, o.workerTokens)) throw unauthorized('a worker token is required');
    return { cameras: cat.captureList() };
  });
}

function isWorkerToken(req: FastifyRequest, tokens: readonly string[]): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const got = Buffer.from(m[1]!);
  return tokens.some((t) => {
    const want = Buffer.from(t);
    return want.length === got.length && timingSafeEqual(want, got);
  });
}
