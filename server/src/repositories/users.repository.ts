import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { cameraPermissions, users } from '../db/schema/index.ts';
import type { Role } from '../auth/principal.ts';

export class UsersRepository {
  constructor(private readonly db: Db) {}

  async create(u: { email: string; passwordHash: string; role: Role; memberId?: string | null }) {
    const [row] = await this.db
      .insert(users)
      .values({ email: u.email.toLowerCase(), passwordHash: u.passwordHash, role: u.role, memberId: u.memberId ?? null })
      .returning();
    return row!;
  }

  async byEmail(email: string) {
    const [u] = await this.db.select().from(users).where(eq(users.email, email.toLowerCase()));
    return u ?? null;
  }

  /** The member's login account, if they have one. */
  async byMemberId(memberId: string) {
    const [u] = await this.db.select().from(users).where(eq(users.memberId, memberId)).limit(1);
    return u ?? null;
  }

  async byId(id: string) {
    const [u] = await this.db.select().from(users).where(eq(users.id, id));
    return u ?? null;
  }

  list() {
    return this.db
      .select({ id: users.id, email: users.email, role: users.role, memberId: users.memberId, createdAt: users.createdAt, lastLoginAt: users.lastLoginAt })
      .from(users)
      .orderBy(asc(users.email));
  }

  async count(): Promise<number> {
    const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(users);
    return Number(r?.n ?? 0);
  }

  touchLogin(id: string) {
    return this.db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
  }

  async cameras(userId: string): Promise<string[]> {
    const rows = await this.db.select({ c: cameraPermissions.cameraId }).from(cameraPermissions).where(eq(cameraPermissions.userId, userId));
    return rows.map((r) => r.c);
  }

  async grantCamera(userId: string, cameraId: string) {
    await this.db.insert(cameraPermissions).values({ userId, cameraId }).onConflictDoNothing();
  }

  /** Replaces a user's camera grants with exactly `cameraIds`. */
  async setCameras(userId: string, cameraIds: readonly string[]) {
    await this.db.transaction(async (tx) => {
      if (cameraIds.length) await tx.delete(cameraPermissions).where(and(eq(cameraPermissions.userId, userId), notInArray(cameraPermissions.cameraId, [...cameraIds])));
      else await tx.delete(cameraPermissions).where(eq(cameraPermissions.userId, userId));
      for (const c of cameraIds) await tx.insert(cameraPermissions).values({ userId, cameraId: c }).onConflictDoNothing();
    });
  }
}
