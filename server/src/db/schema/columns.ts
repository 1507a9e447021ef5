import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * pgvector `vector` without a fixed dimension, so one table holds embeddings of several models (body 512-d,
 * face 1024-d, ...). Search goes through the fixed-size `code` column (one HNSW index per kind) and ranks its
 * candidates by the exact cosine on `vector::vector(dim)` (see embeddings.repository.ts).
 */
export const anyVector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (v) => `[${v.join(',')}]`,
  fromDriver: (v) => (typeof v === 'string' ? JSON.parse(v) : (v as number[])),
});

export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
