import { index, integer, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
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
    createdAt: createdAt(),
  },
  (t) => [index('coaching_member_time_idx').on(t.memberId, t.createdAt)],
);
