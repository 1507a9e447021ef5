/** Members' Web Push subscriptions (one row per endpoint). */
import { and, eq, inArray } from 'drizzle-orm';
import type { PushSubscriptionIn } from '@gym/shared';
import type { Db } from '../db/client.ts';
import { pushSubscriptions } from '../db/schema/index.ts';

export class PushRepository {
  constructor(private readonly db: Db) {}

  /** Stores (or moves to this member, with new keys) the browser's subscription. */
  async upsert(memberId: string, s: PushSubscriptionIn): Promise<string> {
    const set = { memberId, p256dh: s.keys.p256dh, auth: s.keys.auth };
    const [row] = await this.db
      .insert(pushSubscriptions)
      .values({ endpoint: s.endpoint, ...set })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set })
      .returning({ id: pushSubscriptions.id });
    return row!.id;
  }

  async remove(memberId: string, endpoint: string): Promise<number> {
    const r = await this.db
      .delete(pushSubscriptions)
      .where(and(eq(pushSubscriptions.memberId, memberId), eq(pushSubscriptions.endpoint, endpoint)))
      .returning({ id: pushSubscriptions.id });
    return r.length;
  }

  list(memberId: string) {
    return this.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.memberId, memberId));
  }

  byId(id: string) {
    return this.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id)).then((r) => r[0] ?? null);
  }

  async removeIds(ids: string[]): Promise<void> {
    if (ids.length) await this.db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, ids));
  }

  async markSent(ids: string[]): Promise<void> {
    if (ids.length) await this.db.update(pushSubscriptions).set({ lastSentAt: new Date() }).where(inArray(pushSubscriptions.id, ids));
  }
}
