/**
 * A member's right to leave: erase removes their enrolled faces, every embedding and tracklet of the people
 * bound to them, their sets, reps, clips, coaching messages, consents, profile and screening, invites, account and
 * member record. The audit log keeps ids of who accessed what (no personal data). Export gathers the same records as JSON.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { coachingMessages, consents, embeddings, memberInvites, memberProfiles, members, people, reps, sets, tracklets, users, workoutSessions } from '../db/schema/index.ts';
import type { ClipStore } from '../storage/clip-store.ts';
import type { IdentityService } from './identity.service.ts';
import type { DbWriter } from '../db/writer.ts';
import { notFound } from '../errors.ts';

export class PrivacyService {
  constructor(
    private readonly db: Db,
    private readonly clips: ClipStore | null,
    private readonly identity: IdentityService | null,
    private readonly writer: DbWriter | null,
  ) {}

  async erase(memberId: string): Promise<{ people: number; tracklets: number; clips: number }> {
    // Pending background writes may still link tracklets to this member's people: let them land first.
    this.identity?.forgetMember(memberId);
    await this.writer?.drain();
    const [m] = await this.db.select({ id: members.id }).from(members).where(eq(members.id, memberId));
    if (!m) throw notFound('member');
    const clipKeys = (await this.db.select({ k: sets.clipKey }).from(sets).where(eq(sets.memberId, memberId))).map((r) => r.k).filter((k): k is string => !!k);
    const res = await this.db.transaction(async (tx) => {
      const ps = (await tx.select({ id: people.id }).from(people).where(eq(people.memberId, memberId))).map((r) => r.id);
      let nt = 0;
      if (ps.length) {
        // Tracklets (and by cascade their body embeddings) of the member's people, then the people.
        nt = (await tx.delete(tracklets).where(inArray(tracklets.personId, ps)).returning({ id: tracklets.id })).length;
        await tx.delete(embeddings).where(inArray(embeddings.personId, ps));
        await tx.delete(people).where(inArray(people.id, ps));
      }
      // Cascades: users, consents, member embeddings (faces), sessions, sets, reps, coaching messages, profile, invites.
      await tx.delete(members).where(eq(members.id, memberId));
      return { people: ps.length, tracklets: nt };
    });
    for (const k of clipKeys) await this.clips?.delete(k);
    return { ...res, clips: clipKeys.length };
  }

  async export(memberId: string) {
    const [member] = await this.db.select().from(members).where(eq(members.id, memberId));
    if (!member) throw notFound('member');
    const ps = await this.db.select().from(people).where(eq(people.memberId, memberId));
    const pids = ps.map((p) => p.id);
    const [acc, cons, faces, sess, st, rp, coach, tl, prof, inv] = await Promise.all([
      this.db.select({ id: users.id, email: users.email, role: users.role, createdAt: users.createdAt, lastLoginAt: users.lastLoginAt }).from(users).where(eq(users.memberId, memberId)),
      this.db.select().from(consents).where(eq(consents.memberId, memberId)),
      this.db.select({ id: embeddings.id, kind: embeddings.kind, model: embeddings.model, dim: embeddings.dim, createdAt: embeddings.createdAt, vector: embeddings.vector }).from(embeddings).where(eq(embeddings.memberId, memberId)),
      this.db.select().from(workoutSessions).where(eq(workoutSessions.memberId, memberId)),
      this.db.select().from(sets).where(eq(sets.memberId, memberId)),
      this.db.select().from(reps).where(eq(reps.memberId, memberId)),
      this.db.select().from(coachingMessages).where(eq(coachingMessages.memberId, memberId)),
      pids.length ? this.db.select().from(tracklets).where(inArray(tracklets.personId, pids)) : Promise.resolve([]),
      this.db.select().from(memberProfiles).where(eq(memberProfiles.memberId, memberId)),
      // The token hash is a credential's fingerprint, not the member's data: left out.
      this.db.select({ id: memberInvites.id, createdAt: memberInvites.createdAt, expiresAt: memberInvites.expiresAt, usedAt: memberInvites.usedAt }).from(memberInvites).where(eq(memberInvites.memberId, memberId)),
    ]);
    return {
      format: 'gym.member-export/1',
      exportedAt: new Date().toISOString(),
      member,
      accounts: acc,
      profile: prof[0] ?? null,
      invites: inv,
      consents: cons,
      enrolledFaces: faces,
      people: ps,
      tracklets: tl,
      workoutSessions: sess,
      sets: st,
      reps: rp,
      coachingMessages: coach,
    };
  }
}
