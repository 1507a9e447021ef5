import { index, integer, jsonb, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { members } from './members.table.ts';

export const coachingRoleEnum = pgEnum('coaching_role', ['user', 'assistant']);

export const coachingMessages = pgTable(
  'coaching_messages',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    role: coachingRoleEnum('role').notNull(),
    content: text('content').notNull(),
    model: text('model'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    /** Prompt caching (Messages API usage): input tokens written to the cache and read from it, not in input_tokens. */
    cacheCreationTokens: integer('cache_creation_tokens'),
    cacheReadTokens: integer('cache_read_tokens'),
    /** `chat`, or a summary the coach wrote on its own: `set_summary` / `session_summary` (ref_id: the set or session). */
    kind: text('kind').$type<'chat' | 'set_summary' | 'session_summary'>().notNull().default('chat'),
    refId: text('ref_id'),
    /** A summary's structured form (headline, body, suggestions); `content` holds it as one text. */
    summary: jsonb('summary').$type<{ headline: string; body: string; suggestions: string[] }>(),
    createdAt: createdAt(),
  },
  (t) => [index('coaching_member_time_idx').on(t.memberId, t.createdAt), index('coaching_member_kind_time_idx').on(t.memberId, t.kind, t.createdAt)],
);
