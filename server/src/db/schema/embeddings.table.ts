import { index, integer, pgEnum, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { anyVector, createdAt, id } from './columns.ts';
import { members } from './members.table.ts';
import { people, tracklets } from './people.table.ts';

export const embeddingKindEnum = pgEnum('embedding_kind', ['body', 'face']);

/**
 * Body and face embeddings. Owner is a tracklet (seen on camera), a person, or a member (enrolled face, only with
 * consent). Deleting the owner deletes the embedding. HNSW indexes are partial per (kind, dim): see migrations.
 */
export const embeddings = pgTable(
  'embeddings',
  {
    id: id(),
    kind: embeddingKindEnum('kind').notNull(),
    model: text('model').notNull(),
    dim: integer('dim').notNull(),
    vector: anyVector('vector').notNull(),
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
  ],
);
