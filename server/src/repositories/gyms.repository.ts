import { eq, inArray, not } from 'drizzle-orm';
import type { GymConfig } from '@gym/shared/config/gym-config.ts';
import type { Db } from '../db/client.ts';
import { cameras, gyms } from '../db/schema/index.ts';

export class GymsRepository {
  constructor(private readonly db: Db) {}

  /** Makes the gym and camera rows match the config file (cameras removed from the config are disabled, not deleted). */
  async syncFromConfig(cfg: GymConfig): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(gyms)
        .values({ id: cfg.gym.id, name: cfg.gym.name, timezone: cfg.gym.timezone })
        .onConflictDoUpdate({ target: gyms.id, set: { name: cfg.gym.name, timezone: cfg.gym.timezone } });
      for (const c of cfg.cameras) {
        await tx
          .insert(cameras)
          .values({ id: c.id, gymId: cfg.gym.id, name: c.name, enabled: c.enabled })
          .onConflictDoUpdate({ target: cameras.id, set: { name: c.name, enabled: c.enabled, gymId: cfg.gym.id } });
      }
      const ids = cfg.cameras.map((c) => c.id);
      const stale = tx.update(cameras).set({ enabled: false });
      await (ids.length ? stale.where(not(inArray(cameras.id, ids))) : stale.where(eq(cameras.gymId, cfg.gym.id)));
    });
  }

  listCameras() {
    return this.db.select().from(cameras).orderBy(cameras.id);
  }
}
