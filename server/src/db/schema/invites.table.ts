import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns.ts';
import { members, users } from './members.table.ts';

/**
 * A staff-made link that lets a member create their own account (member app join screen). Only the SHA-256 of the
 * token is stored, so a database copy cannot be used to join as someone; `used_at` set once the invite was accepted
 * (or replaced by a newer invite for the same member).
 */
export const memberInvites = pgTable(
  'member_invites',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [uniqueIndex('member_invites_token_idx').on(t.tokenHash), index('member_invites_member_idx').on(t.memberId)],
);
