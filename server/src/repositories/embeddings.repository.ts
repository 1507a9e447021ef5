import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { embeddings } from '../db/schema/index.ts';

export type EmbeddingKind = 'body' | 'face';

export interface NewEmbedding {
  kind: EmbeddingKind;
  model: string;
  vector: ArrayLike<number>;
  quality?: number;
  trackletId?: string | null;
  personId?: string | null;
  memberId?: string | null;
}

export interface Neighbour {
  id: string;
  distance: number;
  trackletId: string | null;
  personId: string | null;
  memberId: string | null;
}

const DIM_RE = /^[0-9]{1,4}$/;
/**
 * pgvector text literal. Nine significant digits round-trip every float32 exactly (pgvector stores float4), and
 * keep the literal about a third shorter than JavaScript's shortest double form, which Postgres must parse.
 */
function vecLiteral(v: ArrayLike<number>): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    s += (i ? ',' : '') + (Number.isFinite(x) ? (x === 0 ? '0' : x.toPrecision(9)) : '0');
  }
  return s + ']';
}

export class EmbeddingsRepository {
  constructor(private readonly db: Db) {}

  async insert(e: NewEmbedding): Promise<string> {
    const [row] = await this.db
      .insert(embeddings)
      .values({
        kind: e.kind,
        model: e.model,
        dim: e.vector.length,
        vector: Array.from(e.vector),
        quality: e.quality ?? 1,
        trackletId: e.trackletId ?? null,
        personId: e.personId ?? null,
        memberId: e.memberId ?? null,
      })
      .returning({ id: embeddings.id });
    return row!.id;
  }

  /**
   * The k nearest embeddings by cosine distance among those of the same kind, model and dimension, optionally
   * only enrolled members' (`owner: 'member'`). Uses the partial HNSW index of (kind, dim).
   *
   * The query vector is sent once (ORDER BY the output column, which the planner still serves from the HNSW
   * index): written twice, drizzle would bind it as two parameters and Postgres would parse 512 floats twice.
   */
  async nearest(
    kind: EmbeddingKind,
    model: string,
    query: ArrayLike<number>,
    k = 5,
    owner: 'any' | 'member' | 'tracklet' = 'any',
  ): Promise<Neighbour[]> {
    const dim = query.length;
    if (!DIM_RE.test(String(dim))) throw new Error(`bad embedding dimension ${dim}`);
    const cast = sql.raw(`vector(${dim})`);
    const q = vecLiteral(query);
    const ownerCond =
      owner === 'member' ? sql`and ${embeddings.memberId} is not null` : owner === 'tracklet' ? sql`and ${embeddings.trackletId} is not null` : sql``;
    const rows = await this.db.execute<{ id: string; distance: number; tracklet_id: string | null; person_id: string | null; member_id: string | null }>(sql`
      select id, tracklet_id, person_id, member_id, (vector::${cast}) <=> ${q}::${cast} as distance
      from ${embeddings}
      where kind = ${kind} and dim = ${dim} and model = ${model} ${ownerCond}
      order by distance
      limit ${k}`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      id: string; distance: number | string; tracklet_id: string | null; person_id: string | null; member_id: string | null;
    }[];
    return list.map((r) => ({ id: r.id, distance: Number(r.distance), trackletId: r.tracklet_id, personId: r.person_id, memberId: r.member_id }));
  }

  /** Creates the partial HNSW index for a (kind, dim) pair if it is missing (for models of other sizes). */
  async ensureIndex(kind: EmbeddingKind, dim: number): Promise<void> {
    if (!DIM_RE.test(String(dim)) || dim < 1 || dim > 2000) throw new Error(`bad embedding dimension ${dim}`);
    await this.db.execute(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS "embeddings_hnsw_${kind}_${dim}" ON "embeddings" USING hnsw ((("vector")::vector(${dim})) vector_cosine_ops) WHERE "kind" = '${kind}' AND "dim" = ${dim}`,
      ),
    );
  }

  async countFor(owner: { memberId?: string; personId?: string }): Promise<number> {
    const cond = owner.memberId ? eq(embeddings.memberId, owner.memberId) : eq(embeddings.personId, owner.personId ?? '');
    const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(embeddings).where(and(cond));
    return Number(r?.n ?? 0);
  }
}
