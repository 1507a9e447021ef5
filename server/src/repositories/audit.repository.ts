import { desc } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import type { Principal } from '../auth/principal.ts';

export type AuditAction = 'camera.view' | 'camera.live' | 'member.read' | 'member.export' | 'member.erase' | 'member.enrol' | 'member.consent' | 'member.invite' | 'member.join' | 'member.profile' | 'user.create' | 'user.cameras' | 'user.login' | 'checkin.bind' | 'clip.view' | 'alert.ack' | 'job.retry'
  // Camera administration (#16).
  | 'camera.create' | 'camera.update' | 'camera.delete' | 'camera.test' | 'camera.snapshot' | 'camera.zones' | 'camera.homography' | 'topology.update';

/** Who did what to which camera or whose data. Ids only: no names, no faces. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async record(actor: Pick<Principal, 'userId' | 'role'> | null, action: AuditAction, subjectType: 'camera' | 'member' | 'user' | 'alert' | 'gym' | 'job', subjectId: string | null, details: Record<string, unknown> = {}) {
    await this.db.insert(auditLog).values({ actorUserId: actor?.userId ?? null, actorRole: actor?.role ?? 'system', action, subjectType, subjectId, details });
  }

  list(limit = 200) {
    return this.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
  }
}
