import { index, integer, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from './columns.ts';
import { cameras, gyms } from './gyms.table.ts';
import { members } from './members.table.ts';

/** A global person: one human across cameras and time; anonymous until bound to a member. */
export const people = pgTable(
  'people',
  {
    id: id(),
    gymId: text('gym_id')
      .notNull()
      .references(() => gyms.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('people_member_idx').on(t.memberId), index('people_last_seen_idx').on(t.lastSeenAt)],
);

/** One track's run on one camera (the unit that ReID links into people). */
export const tracklets = pgTable(
  'tracklets',
  {
    id: id(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    cameraId: text('camera_id')
      .notNull()
      .references(() => cameras.id, { onDelete: 'cascade' }),
    trackId: integer('track_id').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at').notNull(),
    frames: integer('frames').notNull().default(0),
    /** Mean quality 0..1 of the frames whose embeddings were kept. */
    quality: real('quality').notNull().default(0),
  },
  (t) => [index('tracklets_camera_time_idx').on(t.cameraId, t.endedAt), index('tracklets_person_idx').on(t.personId)],
);
