/**
 * The console's camera administration routes (#16), each answer parsed with the shared schemas. Kept beside
 * api-client.ts so screens reach them through hooks only (apps/console/src/hooks/use-camera-admin.ts).
 */
import { z } from 'zod';
import { CameraAdmin, CameraProbeResult, HomographyOut, TopologyOut, type FloorPoints, type NewCamera, type TopologyBody, type ZoneInput } from '@gym/shared';
import { apiFetch, apiParsed } from './api.ts';

const get = apiParsed;
const enc = encodeURIComponent;

export const cameraAdminClient = {
  list: () => get(z.array(CameraAdmin), '/api/admin/cameras'),
  add: (c: NewCamera) => get(CameraAdmin, '/api/cameras', { method: 'POST', body: c }),
  update: (id: string, patch: { name?: string; enabled?: boolean; rtspUrl?: string }) => get(CameraAdmin, `/api/cameras/${enc(id)}`, { method: 'PATCH', body: patch }),
  remove: (id: string) => get(z.object({ removed: z.string() }), `/api/cameras/${enc(id)}`, { method: 'DELETE' }),
  test: (rtspUrl: string) => get(CameraProbeResult, '/api/cameras/test', { method: 'POST', body: { rtspUrl } }),
  setZones: (id: string, zones: ZoneInput[]) => get(CameraAdmin, `/api/cameras/${enc(id)}/zones`, { method: 'PUT', body: { zones } }),
  setHomography: (id: string, points: FloorPoints) => get(HomographyOut, `/api/cameras/${enc(id)}/homography`, { method: 'PUT', body: points }),
  topology: () => get(TopologyOut, '/api/topology'),
  setTopology: (links: TopologyBody['links']) => get(TopologyOut, '/api/topology', { method: 'PUT', body: { links } }),
  /** One JPEG of the camera as an object URL (revoke it when done). */
  snapshotUrl: async (id: string) => URL.createObjectURL(await (await apiFetch(`/api/cameras/${enc(id)}/snapshot`, { accept: 'image/jpeg' })).blob()),
};
