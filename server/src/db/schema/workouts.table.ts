import { bigserial, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { FormMeasurement } from '@gym/shared/messages/events.ts';
import { id, ts } from './columns.ts';
import { members } from './members.table.ts';
import { people } from './people.table.ts';

/** A visit's training: from the first set to the last. */
export const workoutSessions = pgTable(
  'workout_sessions',
  {
    id: id(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    /** The server instance that opened it (server_instances.id); null: legacy, or a server without one (migration 0025). */
    owner: text('owner'),
  },
  (t) => [index('workout_sessions_member_idx').on(t.memberId, t.startedAt)],
);

export const sets = pgTable(
  'sets',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => workoutSessions.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    exercise: text('exercise').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
    reps: integer('reps').notNull().default(0),
    /** Local path or object-store key of the set's clip, when one was kept. */
    clipKey: text('clip_key'),
    /** The server instance that opened it: recovery closes only sets whose owner stopped heartbeating (migration 0025). */
    owner: text('owner'),
    /** The camera the set started on: a server taking over a camera skips replayed frames up to its last stored rep. */
    cameraId: text('camera_id'),
  },
  (t) => [index('sets_member_time_idx').on(t.memberId, t.startedAt), index('sets_session_idx').on(t.sessionId), index('sets_camera_idx').on(t.cameraId, t.startedAt)],
);

/** Reps: a time series, indexed by time (and by member and time for history queries). */
export const reps = pgTable(
  'reps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    setId: uuid('set_id')
      .notNull()
      .references(() => sets.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    index: integer('index').notNull(),
    startedAt: ts('started_at').notNull(),
    rom: real('rom').notNull(),
    concentricMs: real('concentric_ms').notNull(),
    eccentricMs: real('eccentric_ms').notNull(),
    /** Form findings of this rep: [{ rule, severity, message, measured? }] (measured: value, threshold, explanation). */
    form: jsonb('form').$type<{ rule: string; severity: string; message: string; measured?: FormMeasurement }[]>().notNull().default([]),
  },
  (t) => [
    index('reps_at_idx').on(t.at),
    index('reps_member_at_idx').on(t.memberId, t.at),
    index('reps_set_idx').on(t.setId),
    // A rep is stored once per set and index, so replayed writes do not count twice (migration 0020).
    uniqueIndex('reps_set_index_uq').on(t.setId, t.index),
  ],
);
