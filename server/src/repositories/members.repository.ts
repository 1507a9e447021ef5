import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { cosineDistance, dbCapabilities, parseStoredVector } from '../db/capabilities.ts';
import { rowsOf, type Db } from '../db/client.ts';
import { consents, embeddings, members } from '../db/schema/index.ts';
import type { FaceCandidate } from '../domain/identity/index.ts';
import { embeddingRow } from './embeddings.repository.ts';

export type ConsentKind = 'face_identification' | 'body_tracking' | 'coaching' | 'clips';
export const CONSENT_KINDS: readonly ConsentKind[] = ['face_identification', 'body_tracking', 'coaching', 'clips'];
const DIM_RE = /^[0-9]{1,4}$/;

export class MembersRepository {
  constructor(private readonly db: Db) {}

  async create(gymId: string, displayName: string, email: string | null = null) {
    const [m] = await this.db.insert(members).values({ gymId, displayName, email }).returning();
    return m!;
  }

  async get(id: string) {
    const [m] = await this.db.select().from(members).where(eq(members.id, id));
    return m ?? null;
  }

  list(gymId: string) {
    return this.db.select().from(members).where(eq(members.gymId, gymId)).orderBy(asc(members.displayName));
  }

  async recordConsent(memberId: string, kind: ConsentKind, evidence: string, recordedBy: string | null) {
    const [c] = await this.db.insert(consents).values({ memberId, kind, evidence, recordedBy }).returning();
    return c!;
  }

  async hasConsent(memberId: string, kind: ConsentKind): Promise<boolean> {
    const [r] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(consents)
      .where(and(eq(consents.memberId, memberId), eq(consents.kind, kind), isNull(consents.revokedAt)));
    return Number(r?.n ?? 0) > 0;
  }

  /** Revokes a consent; revoking face identification also deletes the enrolled faces. */
  async revokeConsent(memberId: string, kind: ConsentKind): Promise<number> {
    return this.db.transaction(async (tx) => {
      const r = await tx
        .update(consents)
        .set({ revokedAt: new Date() })
        .where(and(eq(consents.memberId, memberId), eq(consents.kind, kind), isNull(consents.revokedAt)))
        .returning({ id: consents.id });
      if (kind === 'face_identification') await tx.delete(embeddings).where(and(eq(embeddings.memberId, memberId), eq(embeddings.kind, 'face')));
      return r.length;
    });
  }

  /** Records a "no": a row that is refused and revoked at the time of the answer (never counts as granted). */
  async recordRefusal(memberId: string, kind: ConsentKind, evidence: string, recordedBy: string | null) {
    const at = new Date();
    const [c] = await this.db.insert(consents).values({ memberId, kind, evidence, recordedBy, grantedAt: at, revokedAt: at, refused: true }).returning();
    return c!;
  }

  /** Each kind's current answer: granted while an unrevoked grant exists; `changedAt` the latest answer (null: never asked). */
  async consentStates(memberId: string): Promise<{ kind: ConsentKind; granted: boolean; changedAt: Date | null }[]> {
    const rows = await this.listConsents(memberId);
    return CONSENT_KINDS.map((kind) => {
      const mine = rows.filter((r) => r.kind === kind);
      const times = mine.map((r) => (r.revokedAt ?? r.grantedAt).getTime());
      return { kind, granted: mine.some((r) => r.revokedAt === null), changedAt: times.length ? new Date(Math.max(...times)) : null };
    });
  }

  listConsents(memberId: string) {
    return this.db.select().from(consents).where(eq(consents.memberId, memberId)).orderBy(asc(consents.grantedAt));
  }

  /** Stores enrolled face embeddings (the caller has checked consent). */
  async addFaces(memberId: string, model: string, vectors: ArrayLike<number>[]): Promise<number> {
    if (!vectors.length) return 0;
    await this.db.insert(embeddings).values(
      vectors.map((v) => embeddingRow({ kind: 'face', model, vector: v, memberId })),
    );
    return vectors.length;
  }

  async countFaces(memberId: string): Promise<number> {
    const [r] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(embeddings)
      .where(and(eq(embeddings.memberId, memberId), eq(embeddings.kind, 'face')));
    return Number(r?.n ?? 0);
  }

  /**
   * Nearest enrolled faces of members with an unrevoked face-identification consent (cosine similarity).
   * A member without consent is never a candidate, whatever is stored.
   */
  async faceCandidates(model: string, probe: ArrayLike<number>, k = 10): Promise<FaceCandidate[]> {
    const dim = probe.length;
    if (!DIM_RE.test(String(dim))) throw new Error(`bad embedding dimension ${dim}`);
    if (!(await dbCapabilities(this.db)).pgvector) return this.faceCandidatesWithoutPgvector(model, probe, k);
    const cast = sql.raw(`vector(${dim})`);
    const q = `[${Array.from(probe, (x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;
    const rows = rowsOf<{ member_id: string; distance: number | string }>(
      await this.db.execute(sql`
        select e.member_id, (e.vector::${cast}) <=> ${q}::${cast} as distance
        from ${embeddings} e
        where e.kind = 'face' and e.dim = ${dim} and e.model = ${model} and e.member_id is not null
          and exists (select 1 from ${consents} c where c.member_id = e.member_id and c.kind = 'face_identification' and c.revoked_at is null)
        order by (e.vector::${cast}) <=> ${q}::${cast}
        limit ${k}`),
    );
    return rows.map((r) => ({ memberId: r.member_id, similarity: 1 - Number(r.distance) }));
  }

  /** The same exact search on a PostgreSQL without pgvector: the consented faces of the model, ranked here. */
  private async faceCandidatesWithoutPgvector(model: string, probe: ArrayLike<number>, k: number): Promise<FaceCandidate[]> {
    const rows = rowsOf<{ member_id: string; vector: string }>(
      await this.db.execute(sql`
        select e.member_id, e.vector::text as vector
        from ${embeddings} e
        where e.kind = 'face' and e.dim = ${probe.length} and e.model = ${model} and e.member_id is not null
          and exists (select 1 from ${consents} c where c.member_id = e.member_id and c.kind = 'face_identification' and c.revoked_at is null)`),
    );
    return rows
      .map((r) => ({ memberId: r.member_id, distance: cosineDistance(probe, parseStoredVector(r.vector)) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, k)
      .map((r) => ({ memberId: r.memberId, similarity: 1 - r.distance }));
  }
}
