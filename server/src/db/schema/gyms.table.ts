import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

export const gyms = pgTable('gyms', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  createdAt: createdAt(),
});

/** Cameras known to the server (synced from the gym config; the RTSP URL stays in the config, never in the DB). */
export const cameras = pgTable('cameras', {
  id: text('id').primaryKey(),
  gymId: text('gym_id')
    .notNull()
    .references(() => gyms.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
});
