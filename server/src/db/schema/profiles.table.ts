import { boolean, jsonb, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import type { HealthScreening } from '@gym/shared';
import { ts } from './columns.ts';
import { members, users } from './members.table.ts';

/**
 * What a member tells the gym about themselves: goals, injury notes and the PAR-Q+ style health screening (asked at
 * joining and yearly). Read by the coach for context; personal data, never logged. `needsClearance` is set when a
 * screening answer is "yes" and cleared by staff (who and when recorded): until then the coach gives no intensity advice.
 */
export const memberProfiles = pgTable('member_profiles', {
  memberId: uuid('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  goals: text('goals').notNull().default(''),
  injuryNotes: text('injury_notes').notNull().default(''),
  screening: jsonb('screening').$type<HealthScreening>(),
  screenedAt: ts('screened_at'),
  needsClearance: boolean('needs_clearance').notNull().default(false),
  clearedBy: uuid('cleared_by').references(() => users.id, { onDelete: 'set null' }),
  clearedAt: ts('cleared_at'),
  /** Training reminders wanted at all (the member's choice; off sends none). */
  reminders: boolean('reminders').notNull().default(true),
  /** Hour of the gym's day (0-23, the gym config's timezone) a reminder may go out; null = whenever it is due. */
  reminderHour: smallint('reminder_hour'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
