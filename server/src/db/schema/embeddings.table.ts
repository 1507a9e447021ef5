import { sql } from 'drizzle-orm';
import { bit, index, integer, pgEnum, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { anyVector, createdAt, id } from './columns.ts';
import { members } from './members.table.ts';
import { people, tracklets } from './people.table.ts';

export const embeddingKindEnum = pgEnum('embedding_kind', ['body', 'face']);

/**
 * Body and face embeddings. Owner is a tracklet (seen on camera), a person, or a member (enrolled face, only with
 * consent). Deleting the owner deletes the embedding. `code` is the embedding's 512-bit random-hyperplane code
 * (domain/identity/codes.ts); one partial HNSW index per kind over it (Hamming distance) finds candidates, and the
 * exact cosine on `vector` ranks them (embeddings.repository.ts, migration 0004).
 */
export const embeddings = pgTable(
  'embeddings',
  {
    id: id(),
    kind: embeddingKindEnum('kind').notNull(),
    model: text('model').notNull(),
    dim: integer('dim').notNull(),
    vector: anyVector('vector').notNull(),
    code: bit('code', { dimensions: 512 }),
    quality: real('quality').notNull().default(1),
    trackletId: uuid('tracklet_id').references(() => tracklets.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('embeddings_member_idx').on(t.memberId),
    index('embeddings_person_idx').on(t.personId),
    index('embeddings_tracklet_idx').on(t.trackletId),
    index('embeddings_code_body').using('hnsw', t.code.op('bit_hamming_ops')).where(sql`${t.kind} = 'body'`),
    index('embeddings_code_face').using('hnsw', t.code.op('bit_hamming_ops')).where(sql`${t.kind} = 'face'`),
  ],
);
