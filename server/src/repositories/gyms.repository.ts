import { and, eq, inArray, not } from 'drizzle-orm';
import type { GymConfig } from '@gym/shared/config/gym-config.ts';
import type { Db } from '../db/client.ts';
import { cameras, gyms, type StoredFloorPoints, type StoredLink, type StoredZone } from '../db/schema/index.ts';

export type CameraRow = typeof cameras.$inferSelect;

export class GymsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Makes the gym and the config-file camera rows match the config file (config cameras removed from it are
   * disabled, not deleted). Cameras added in the console are left as they are.
   */
  async syncFromConfig(cfg: GymConfig): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(gyms)
        .values({ id: cfg.gym.id, name: cfg.gym.name, timezone: cfg.gym.timezone })
        .onConflictDoUpdate({ target: gyms.id, set: { name: cfg.gym.name, timezone: cfg.gym.timezone } });
      for (const c of cfg.cameras) {
        // A camera the file now names is the file's (a console camera of the same id gives way to it).
        await tx
          .insert(cameras)
          .values({ id: c.id, gymId: cfg.gym.id, name: c.name, enabled: c.enabled, source: 'config', transcode: c.transcode })
          .onConflictDoUpdate({ target: cameras.id, set: { name: c.name, enabled: c.enabled, gymId: cfg.gym.id, source: 'config', rtspUrl: null, transcode: c.transcode } });
      }
      const ids = cfg.cameras.map((c) => c.id);
      const fileOnes = and(eq(cameras.gymId, cfg.gym.id), eq(cameras.source, 'config'));
      await tx.update(cameras).set({ enabled: false }).where(ids.length ? and(fileOnes, not(inArray(cameras.id, ids))) : fileOnes);
    });
  }

  listCameras() {
    return this.db.select().from(cameras).orderBy(cameras.id);
  }

  async camera(id: string): Promise<CameraRow | undefined> {
    return (await this.db.select().from(cameras).where(eq(cameras.id, id)))[0];
  }

  /** A console camera; false when the id is taken. */
  async addCamera(gymId: string, c: { id: string; name: string; rtspUrl: string; transcode: CameraRow['transcode'] }): Promise<boolean> {
    const rows = await this.db
      .insert(cameras)
      .values({ id: c.id, gymId, name: c.name, rtspUrl: c.rtspUrl, transcode: c.transcode, source: 'console', enabled: true })
      .onConflictDoNothing()
      .returning({ id: cameras.id });
    return rows.length === 1;
  }

  async updateCamera(id: string, set: Partial<Pick<CameraRow, 'name' | 'enabled' | 'rtspUrl' | 'transcode' | 'zones' | 'homography' | 'floorPoints'>>): Promise<void> {
    await this.db.update(cameras).set({ ...set, updatedAt: new Date() }).where(eq(cameras.id, id));
  }

  async deleteConsoleCamera(id: string): Promise<boolean> {
    const rows = await this.db.delete(cameras).where(and(eq(cameras.id, id), eq(cameras.source, 'console'))).returning({ id: cameras.id });
    return rows.length === 1;
  }

  async setZones(id: string, zones: StoredZone[] | null): Promise<void> {
    await this.updateCamera(id, { zones });
  }

  async setHomography(id: string, homography: number[] | null, floorPoints: StoredFloorPoints | null): Promise<void> {
    await this.updateCamera(id, { homography, floorPoints });
  }

  async topology(gymId: string): Promise<StoredLink[] | null> {
    return (await this.db.select({ t: gyms.topology }).from(gyms).where(eq(gyms.id, gymId)))[0]?.t ?? null;
  }

  async setTopology(gymId: string, links: StoredLink[] | null): Promise<void> {
    await this.db.update(gyms).set({ topology: links }).where(eq(gyms.id, gymId));
  }
}
