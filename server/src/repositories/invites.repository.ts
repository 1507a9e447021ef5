/** Join invites: stored by token hash; claimed atomically so an invite is used at most once. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { memberInvites } from '../db/schema/index.ts';

export type InviteRow = typeof memberInvites.$inferSelect;

export class InvitesRepository {
  constructor(private readonly db: Db) {}

  /** A new invite; earlier unused invites of the member stop working (the newest link is the one handed out). */
  async create(memberId: string, tokenHash: string, createdBy: string | null, expiresAt: Date): Promise<InviteRow> {
    return this.db.transaction(async (tx) => {
      await tx.update(memberInvites).set({ usedAt: new Date() }).where(and(eq(memberInvites.memberId, memberId), isNull(memberInvites.usedAt)));
      const [row] = await tx.insert(memberInvites).values({ memberId, tokenHash, createdBy, expiresAt }).returning();
      return row!;
    });
  }

  /** The invite for this hash if it is unused and unexpired at `now`. */
  async usable(tokenHash: string, now = new Date()): Promise<InviteRow | null> {
    const [row] = await this.db
      .select()
      .from(memberInvites)
      .where(and(eq(memberInvites.tokenHash, tokenHash), isNull(memberInvites.usedAt), gt(memberInvites.expiresAt, now)));
    return row ?? null;
  }

  /** Marks the invite used if it still is usable; false when another request got there first (or it expired). */
  async claim(id: string, now = new Date()): Promise<boolean> {
    const r = await this.db
      .update(memberInvites)
      .set({ usedAt: now })
      .where(and(eq(memberInvites.id, id), isNull(memberInvites.usedAt), gt(memberInvites.expiresAt, now)))
      .returning({ id: memberInvites.id });
    return r.length === 1;
  }

  /** Gives a claimed invite back (the account could not be created). */
  async release(id: string): Promise<void> {
    await this.db.update(memberInvites).set({ usedAt: null }).where(eq(memberInvites.id, id));
  }
}
