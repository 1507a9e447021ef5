/**
 * The coach's technique knowledge base: markdown notes kept in the repo (`server/knowledge/*.md`, `# Title` then
 * the text), synced into `coach_knowledge` at start and searched with PostgreSQL full-text search (any of the
 * question's words, ranked; works on PGlite and PostgreSQL).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { desc, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { coachKnowledge } from '../db/schema/index.ts';

export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

export interface KnowledgeNote {
  slug: string;
  title: string;
  body: string;
}

/** Reads the notes of a folder (`# Title` on the first line, the rest is the body). */
export function readNotes(dir = KNOWLEDGE_DIR): KnowledgeNote[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const [first = '', ...rest] = readFileSync(join(dir, f), 'utf8').split('\n');
      return { slug: basename(f, '.md'), title: first.replace(/^#\s*/, '').trim(), body: rest.join('\n').trim() };
    });
}

export class KnowledgeRepository {
  constructor(private readonly db: Db) {}

  /** Makes the table hold exactly `notes` (added, changed and removed notes). */
  async sync(notes: KnowledgeNote[]): Promise<void> {
    if (!notes.length) {
      await this.db.delete(coachKnowledge);
      return;
    }
    await this.db.delete(coachKnowledge).where(notInArray(coachKnowledge.slug, notes.map((n) => n.slug)));
    for (const n of notes)
      await this.db.insert(coachKnowledge).values(n).onConflictDoUpdate({ target: coachKnowledge.slug, set: { title: n.title, body: n.body } });
  }

  /** The best notes for a question: any of its words (stemmed, English), ranked by cover density. */
  async search(question: string, k = 2): Promise<KnowledgeNote[]> {
    const q = sql`nullif(replace(plainto_tsquery('english', ${question.slice(0, 500)})::text, '&', '|'), '')::tsquery`;
    const rank = sql<number>`ts_rank_cd(${coachKnowledge.tsv}, ${q})`;
    return this.db
      .select({ slug: coachKnowledge.slug, title: coachKnowledge.title, body: coachKnowledge.body })
      .from(coachKnowledge)
      .where(sql`${coachKnowledge.tsv} @@ ${q}`)
      .orderBy(desc(rank), coachKnowledge.slug)
      .limit(k);
  }
}
