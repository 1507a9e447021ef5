/** A member's goals, injury notes and health screening (member_profiles); personal data, never logged. */
import { and, eq } from 'drizzle-orm';
import type { HealthScreening } from '@gym/shared';
import type { Db } from '../db/client.ts';
import { memberProfiles } from '../db/schema/index.ts';

export type ProfileRow = typeof memberProfiles.$inferSelect;

/** PAR-Q+: any "yes" means the member should be cleared by staff before intensity advice. */
export const screeningNeedsClearance = (s: HealthScreening) => Object.values(s.answers).some(Boolean);

export class ProfilesRepository {
  constructor(private readonly db: Db) {}

  async get(memberId: string): Promise<ProfileRow | null> {
    const [p] = await this.db.select().from(memberProfiles).where(eq(memberProfiles.memberId, memberId));
    return p ?? null;
  }

  /** Changes goals and/or injury notes (creating the profile when there is none). */
  async update(memberId: string, u: { goals?: string | undefined; injuryNotes?: string | undefined; reminders?: boolean | undefined; reminderHour?: number | null | undefined }): Promise<ProfileRow> {
    const set = {
      ...(u.goals !== undefined ? { goals: u.goals } : {}),
      ...(u.injuryNotes !== undefined ? { injuryNotes: u.injuryNotes } : {}),
      ...(u.reminders !== undefined ? { reminders: u.reminders } : {}),
      ...(u.reminderHour !== undefined ? { reminderHour: u.reminderHour } : {}),
      updatedAt: new Date(),
    };
    return this.#upsert(memberId, set);
  }

  /** Staff cleared the member after a screening "yes" (who and when kept); false when there was no hold. */
  async clear(memberId: string, by: string): Promise<boolean> {
    const now = new Date();
    const r = await this.db
      .update(memberProfiles)
      .set({ needsClearance: false, clearedBy: by, clearedAt: now, updatedAt: now })
      .where(and(eq(memberProfiles.memberId, memberId), eq(memberProfiles.needsClearance, true)))
      .returning({ id: memberProfiles.memberId });
    return r.length === 1;
  }

  /**
   * Stores a new screening. A "yes" sets the clearance hold (and forgets an earlier clearance: the answers changed);
   * all "no" lifts it.
   */
  async setScreening(memberId: string, screening: HealthScreening): Promise<ProfileRow> {
    const now = new Date();
    const set = { screening, screenedAt: now, needsClearance: screeningNeedsClearance(screening), clearedBy: null, clearedAt: null, updatedAt: now };
    return this.#upsert(memberId, set);
  }

  /** Inserts the member's profile with `set`, or applies `set` to the existing one. */
  async #upsert(memberId: string, set: Partial<typeof memberProfiles.$inferInsert>): Promise<ProfileRow> {
    const [p] = await this.db
      .insert(memberProfiles)
      .values({ memberId, ...set })
      .onConflictDoUpdate({ target: memberProfiles.memberId, set })
      .returning();
    return p!;
  }
}
