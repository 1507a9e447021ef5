import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';
import { rowsOf, type Db } from '../db/client.ts';
import { embeddedPglite, PgliteStatement, vectorBinary, type Param } from '../db/pglite-statement.ts';
import { embeddings } from '../db/schema/index.ts';
import { cosineDistance, dbCapabilities, parseStoredVector } from '../db/capabilities.ts';
import { CODE_BITS, embeddingCode } from '../domain/identity/codes.ts';

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

/**
 * The row of a new embedding, with its search code: every insert goes through here (repository, ingest writer,
 * face enrolment), since a row without a code is never found by the search.
 */
export function embeddingRow(e: NewEmbedding): typeof embeddings.$inferInsert {
  return {
    kind: e.kind,
    model: e.model,
    dim: e.vector.length,
    vector: Array.from(e.vector),
    code: embeddingCode(e.vector),
    quality: e.quality ?? 1,
    trackletId: e.trackletId ?? null,
    personId: e.personId ?? null,
    memberId: e.memberId ?? null,
  };
}

export interface Neighbour {
  id: string;
  distance: number;
  trackletId: string | null;
  personId: string | null;
  memberId: string | null;
}

const DIM_RE = /^[0-9]{1,4}$/;
/** Rows the code index hands to the exact ranking; also the largest k (at most hnsw.ef_search: SEARCH_SETTINGS). */
const CANDIDATES = 40;
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

const dialect = new PgDialect();
/** Stands for the query vector in the statement on the embedded path; NUL makes it unlike any text parameter. */
const VECTOR_SLOT = '\u0000query-vector\u0000';

export interface EmbeddingsRepositoryOptions {
  /**
   * On the embedded PGlite, run the search as a prepared statement with the query vector in binary form
   * (db/pglite-statement.ts); default true. false: through drizzle, as on PostgreSQL (tests compare the two).
   */
  embeddedFastPath?: boolean;
}

export class EmbeddingsRepository {
  private readonly pglite: PGlite | null;
  private readonly statements = new Map<string, PgliteStatement>();

  constructor(
    private readonly db: Db,
    opts: EmbeddingsRepositoryOptions = {},
  ) {
    this.pglite = opts.embeddedFastPath === false ? null : embeddedPglite(db);
  }

  async insert(e: NewEmbedding): Promise<string> {
    const [row] = await this.db
      .insert(embeddings)
      .values(embeddingRow(e))
      .returning({ id: embeddings.id });
    return row!.id;
  }

  /**
   * The k nearest embeddings by cosine distance among those of the same kind, model and dimension, optionally
   * only enrolled members' (`owner: 'member'`) or tracklets' (`owner: 'tracklet'`).
   *
   * Two stages in one statement: the partial HNSW index of the kind over the 512-bit codes (Hamming distance)
   * yields CANDIDATES rows passing the filters (pgvector's iterative scan goes on past filtered-out rows: see
   * SEARCH_SETTINGS in db/client.ts), then the exact cosine on the stored vectors ranks them. The query vector is
   * sent once: on PostgreSQL as text with nine significant digits (exact for float32), on the embedded PGlite in
   * binary form to a prepared statement (nearestEmbedded); its code as 512 '0'/'1' characters.
   */
  async nearest(
    kind: EmbeddingKind,
    model: string,
    query: ArrayLike<number>,
    k = 5,
    owner: 'any' | 'member' | 'tracklet' = 'any',
  ): Promise<Neighbour[]> {
    const dim = query.length;
    if (!DIM_RE.test(String(dim)) || dim < 1) throw new Error(`bad embedding dimension ${dim}`);
    if (!(k >= 1 && k <= CANDIDATES)) throw new Error(`k must be 1..${CANDIDATES}, got ${k}`);
    if (kind !== 'body' && kind !== 'face') throw new Error(`bad embedding kind ${String(kind)}`);
    const cast = sql.raw(`vector(${dim})`);
    const q = this.pglite ? VECTOR_SLOT : vecLiteral(query);
    const code = embeddingCode(query);
    const ownerCond =
      owner === 'member' ? sql`and ${embeddings.memberId} is not null` : owner === 'tracklet' ? sql`and ${embeddings.trackletId} is not null` : sql``;
    // The kind is written as a literal (it is one of two checked values) so that the planner can match the partial
    // index's predicate even under a generic plan of a prepared statement.
    const query_ = sql`
      select id, tracklet_id, person_id, member_id, (vector::${cast}) <=> ${q}::${cast} as distance
      from (
        select id, tracklet_id, person_id, member_id, vector
        from ${embeddings}
        where kind = ${sql.raw(`'${kind}'`)} and dim = ${dim} and model = ${model} ${ownerCond}
        order by code <~> ${code}::${sql.raw(`bit(${CODE_BITS})`)}
        limit ${CANDIDATES}
      ) c
      order by distance
      limit ${k}`;
    if (this.pglite) return this.nearestEmbedded(this.pglite, query_, query);
    if (!(await dbCapabilities(this.db)).pgvector) return this.nearestWithoutPgvector(kind, model, query, code, k, ownerCond);
    const rows = await this.db.execute<{ id: string; distance: number; tracklet_id: string | null; person_id: string | null; member_id: string | null }>(query_);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
      id: string; distance: number | string; tracklet_id: string | null; person_id: string | null; member_id: string | null;
    }[];
    return list.map((r) => ({ id: r.id, distance: Number(r.distance), trackletId: r.tracklet_id, personId: r.person_id, memberId: r.member_id }));
  }

  /**
   * The same statement on the embedded PGlite: prepared once (one per kind, dimension and owner filter), the query
   * vector bound in pgvector's binary form instead of its text literal, other parameters as text.
   */
  private async nearestEmbedded(pglite: PGlite, query: ReturnType<typeof sql>, vector: ArrayLike<number>): Promise<Neighbour[]> {
    const compiled = dialect.sqlToQuery(query);
    let stmt = this.statements.get(compiled.sql);
    if (!stmt) this.statements.set(compiled.sql, (stmt = new PgliteStatement(pglite, compiled.sql)));
    const params: Param[] = compiled.params.map((p) => (p === VECTOR_SLOT ? vectorBinary(vector) : p == null ? null : String(p)));
    const rows = await stmt.rows(params);
    // Columns in the select's order: id, tracklet_id, person_id, member_id, distance.
    return rows.map((r) => ({ id: r[0]!, trackletId: r[1] ?? null, personId: r[2] ?? null, memberId: r[3] ?? null, distance: Number(r[4]) }));
  }

  /**
   * The same two stages on a PostgreSQL without pgvector: the candidates by Hamming distance of the codes with core
   * PostgreSQL's `bit_count` (a scan of the kind's rows: no index), the exact cosine computed here.
   */
  private async nearestWithoutPgvector(
    kind: EmbeddingKind, model: string, query: ArrayLike<number>, code: string, k: number, ownerCond: ReturnType<typeof sql>,
  ): Promise<Neighbour[]> {
    const res = await this.db.execute(sql`
      select id, tracklet_id, person_id, member_id, vector::text as vector
      from ${embeddings}
      where kind = ${kind} and dim = ${query.length} and model = ${model} and code is not null ${ownerCond}
      order by bit_count(code # ${code}::${sql.raw(`bit(${CODE_BITS})`)})
      limit ${CANDIDATES}`);
    const rows = rowsOf<{
      id: string; tracklet_id: string | null; person_id: string | null; member_id: string | null; vector: string;
    }>(res);
    return rows
      .map((r) => ({ id: r.id, trackletId: r.tracklet_id, personId: r.person_id, memberId: r.member_id, distance: cosineDistance(query, parseStoredVector(r.vector)) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, k);
  }

  /**
   * Computes the code of rows stored without one (rows from before migration 0004), in batches. Returns how many.
   */
  async fillMissingCodes(onProgress?: (done: number) => void, batch = 500): Promise<number> {
    let done = 0;
    for (;;) {
      const rows = await this.db.select({ id: embeddings.id, vector: embeddings.vector }).from(embeddings).where(isNull(embeddings.code)).limit(batch);
      if (!rows.length) return done;
      for (const r of rows) await this.db.update(embeddings).set({ code: embeddingCode(r.vector) }).where(eq(embeddings.id, r.id));
      done += rows.length;
      onProgress?.(done);
    }
  }

  /**
   * Deletes body embeddings stored before `before` (retention), except those of enrolled members. Returns how many.
   * Faces are stored only for enrolled members with consent and go with the member or the consent.
   */
  async deleteBodiesBefore(before: Date): Promise<number> {
    const gone = await this.db
      .delete(embeddings)
      .where(and(eq(embeddings.kind, 'body'), isNull(embeddings.memberId), lt(embeddings.createdAt, before)))
      .returning({ id: embeddings.id });
    return gone.length;
  }

  async countFor(owner: { memberId?: string; personId?: string }): Promise<number> {
    const cond = owner.memberId ? eq(embeddings.memberId, owner.memberId) : eq(embeddings.personId, owner.personId ?? '');
    const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(embeddings).where(and(cond));
    return Number(r?.n ?? 0);
  }
}
