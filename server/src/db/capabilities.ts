/**
 * What the connected database can do beyond plain PostgreSQL. Today one thing: pgvector (vector type, cosine
 * distance, HNSW indexes). Without it (Debian 12's PostgreSQL 15 ships none) migration 0000 makes `vector` a text
 * domain and the embedding repositories rank candidates themselves; the server warns at start-up.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './client.ts';

export interface DbCapabilities {
  pgvector: boolean;
}

const known = new WeakMap<object, Promise<DbCapabilities>>();

/** Looked up once per database handle (the answer cannot change while the server runs). */
export function dbCapabilities(db: Db): Promise<DbCapabilities> {
  let p = known.get(db);
  if (!p) {
    p = db.execute(sql`select exists (select 1 from pg_extension where extname = 'vector') as pgvector`).then((res) => {
      const rows = rowsOf<{ pgvector: boolean | string }>(res);
      return { pgvector: rows[0]?.pgvector === true || rows[0]?.pgvector === 't' };
    });
    p.catch(() => known.delete(db));
    known.set(db, p);
  }
  return p;
}

/** Cosine distance (1 − cosine similarity) of two vectors, as pgvector's `<=>` computes it; 1 where either is zero. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? 1 - dot / Math.sqrt(na * nb) : 1;
}

/** A stored vector as the driver returns it: pgvector's or the text domain's '[x,y,...]' literal, or an array. */
export function parseStoredVector(v: unknown): number[] {
  if (Array.isArray(v)) return v as number[];
  if (typeof v === 'string') return JSON.parse(v) as number[];
  throw new Error('unreadable stored vector');
}
