import { sql } from 'drizzle-orm';
import { customType, index, pgTable, text } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** The coach's technique notes (`server/knowledge/*.md`, synced at start), searched with PostgreSQL full-text search. */
export const coachKnowledge = pgTable(
  'coach_knowledge',
  {
    /** The file name without `.md`; cited in answers as `[slug]`. */
    slug: text('slug').primaryKey(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tsv: tsvector('tsv').generatedAlwaysAs(sql`to_tsvector('english', "title" || ' ' || "body")`),
  },
  (t) => [index('coach_knowledge_tsv_idx').using('gin', t.tsv)],
);
