/**
 * The gym's cameras, zones, floor homographies and topology as they are now: the gym config file's, with what
 * admins changed in the console (stored in the database) laid over it. `refresh()` reads the database and updates
 * the one live GymConfig object every part of the server reads (`ctx.gym`: routes, live rooms, clips), the ingest
 * service's camera table and zones, and identity's topology, so a change takes effect without a restart.
 *
 * Rules: config-file cameras stay as the file says (name, URL, enabled); console cameras are added, edited and
 * removed in the console. Zones or a homography saved in the console replace the file's for that camera; a
 * topology saved in the console replaces the file's links.
 */
import type { CameraConfig, GymConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';
import { maskRtspUrl, type CameraAdmin } from '@gym/shared';
import type { Topology } from '../domain/identity/index.ts';
import type { IngestService } from '../ingest/ingest.service.ts';
import type { CameraRow, GymsRepository } from '../repositories/gyms.repository.ts';

type Zone = GymConfig['zones'][number];
type Link = GymConfig['topology']['links'][number];

export interface Effective {
  cameras: CameraConfig[];
  zones: Zone[];
  links: Link[];
  topologySource: 'config' | 'console';
}

/** Pure: the file's gym laid over with the database rows. */
export function effectiveGym(file: Pick<GymConfig, 'cameras' | 'zones' | 'topology'>, rows: readonly CameraRow[], savedLinks: Link[] | null): Effective {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const fileIds = new Set(file.cameras.map((c) => c.id));
  const cameras: CameraConfig[] = file.cameras.map((c) => {
    const row = byId.get(c.id);
    return row?.homography ? { ...c, homography: row.homography } : c;
  });
  for (const r of rows) {
    if (r.source !== 'console' || fileIds.has(r.id) || !r.rtspUrl) continue;
    cameras.push({ id: r.id, name: r.name, rtspUrl: r.rtspUrl, enabled: r.enabled, transcode: r.transcode, ...(r.homography ? { homography: r.homography } : {}) });
  }
  const ids = new Set(cameras.map((c) => c.id));
  const zones: Zone[] = [];
  for (const c of cameras) {
    const saved = byId.get(c.id)?.zones;
    if (saved) zones.push(...saved.map((z) => ({ ...z, cameraId: c.id })));
    else zones.push(...file.zones.filter((z) => z.cameraId === c.id));
  }
  const links = (savedLinks ?? file.topology.links).filter((l) => ids.has(l.from) && ids.has(l.to));
  return { cameras, zones, links, topologySource: savedLinks ? 'console' : 'config' };
}

export class CameraCatalogue {
  private readonly file: Pick<GymConfig, 'cameras' | 'zones' | 'topology'>;
  private rows: CameraRow[] = [];
  private topologySource: 'config' | 'console' = 'config';
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly gym: GymConfig,
    private readonly repo: GymsRepository,
    private readonly ingest: IngestService,
    private readonly topo: Topology,
    private readonly log: Logger,
  ) {
    this.file = structuredClone({ cameras: gym.cameras, zones: gym.zones, topology: gym.topology });
  }

  /** Reads the database and applies it everywhere. */
  async refresh(): Promise<void> {
    this.rows = await this.repo.listCameras();
    const eff = effectiveGym(this.file, this.rows, await this.repo.topology(this.gym.gym.id));
    this.gym.cameras.splice(0, this.gym.cameras.length, ...eff.cameras);
    this.gym.zones.splice(0, this.gym.zones.length, ...eff.zones);
    this.gym.topology.links.splice(0, this.gym.topology.links.length, ...eff.links);
    this.topologySource = eff.topologySource;
    this.ingest.reload();
    this.topo.setLinks(eff.links);
    this.log.debug({ cameras: eff.cameras.length, zones: eff.zones.length, links: eff.links.length }, 'camera catalogue applied');
    for (const l of this.listeners) l();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  isFileCamera(id: string): boolean {
    return this.file.cameras.some((c) => c.id === id);
  }

  topology(): { links: Link[]; source: 'config' | 'console' } {
    return { links: this.gym.topology.links.map((l) => ({ ...l })), source: this.topologySource };
  }

  /** The admin view of every camera (URL masked; the file's URL for config cameras, masked too). */
  adminList(): CameraAdmin[] {
    const byId = new Map(this.rows.map((r) => [r.id, r]));
    return this.gym.cameras.map((c) => {
      const row = byId.get(c.id);
      return {
        id: c.id,
        name: c.name,
        enabled: c.enabled,
        source: this.isFileCamera(c.id) ? 'config' : 'console',
        rtspUrl: maskRtspUrl(c.rtspUrl),
        transcode: c.transcode,
        zones: this.gym.zones.filter((z) => z.cameraId === c.id).map((z) => ({ id: z.id, name: z.name, kind: z.kind, polygon: z.polygon as [number, number][] })),
        zonesSource: row?.zones ? 'console' : 'config',
        homography: c.homography ?? null,
        floorPoints: row?.floorPoints ?? null,
      };
    });
  }

  /** Enabled console cameras with their full URLs: what capture-node ingests besides its config file's. */
  captureList(): { id: string; name: string; rtspUrl: string; transcode: CameraConfig['transcode'] }[] {
    return this.gym.cameras
      .filter((c) => c.enabled && !this.isFileCamera(c.id))
      .map((c) => ({ id: c.id, name: c.name, rtspUrl: c.rtspUrl, transcode: c.transcode }));
  }
}
