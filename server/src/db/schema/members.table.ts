import { boolean, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns.ts';
import { gyms } from './gyms.table.ts';

export const members = pgTable(
  'members',
  {
    id: id(),
    gymId: text('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [index('members_gym_idx').on(t.gymId)],
);

export const roleEnum = pgEnum('user_role', ['member', 'trainer', 'admin']);

/** Login accounts. A member's account points at the member record; staff accounts have none. */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastLoginAt: ts('last_login_at'),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

export const consentKindEnum = pgEnum('consent_kind', ['face_identification', 'body_tracking', 'coaching', 'clips']);

/**
 * What a member agreed to, when, and who recorded it. Revocation keeps the row (revoked_at set). A refusal (the
 * member answered "no", e.g. at joining) is a row with `refused` and `revoked_at = granted_at` = the time of the
 * answer, so every "granted" check (`revoked_at is null`) treats it as not granted without knowing about refusals.
 */
export const consents = pgTable(
  'consents',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: consentKindEnum('kind').notNull(),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    /** How consent was given (e.g. "signed form #123", "PWA checkbox v2"). */
    evidence: text('evidence').notNull(),
    refused: boolean('refused').notNull().default(false),
  },
  (t) => [index('consents_member_idx').on(t.memberId, t.kind)],
);
