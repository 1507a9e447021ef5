import { boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

export interface StoredZone {
  id: string;
  name: string;
  kind: 'floor' | 'members-only' | 'checkin' | 'exit';
  polygon: [number, number][];
}
export interface StoredLink {
  from: string;
  to: string;
  minTransitS: number;
  maxTransitS: number;
  overlap: boolean;
}
export interface StoredFloorPoints {
  image: [number, number][];
  floor: [number, number][];
}

export const gyms = pgTable('gyms', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  /** Camera topology saved in the console; null → the gym config file's `topology.links`. */
  topology: jsonb('topology').$type<StoredLink[]>(),
  createdAt: createdAt(),
});

/**
 * Cameras known to the server: those of the gym config (source `config`, synced at start; their RTSP URL stays in
 * the file, never here) and those added in the console (source `console`, URL stored here: a secret, never logged).
 * Zones and the floor homography set in the console live here for both kinds (null → the file's).
 */
export const cameras = pgTable('cameras', {
  id: text('id').primaryKey(),
  gymId: text('gym_id')
    .notNull()
    .references(() => gyms.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  source: text('source').$type<'config' | 'console'>().notNull().default('config'),
  rtspUrl: text('rtsp_url'),
  transcode: text('transcode').$type<'auto' | 'passthrough' | 'vp8' | 'h264'>().notNull().default('auto'),
  zones: jsonb('zones').$type<StoredZone[]>(),
  homography: jsonb('homography').$type<number[]>(),
  floorPoints: jsonb('floor_points').$type<StoredFloorPoints>(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdAt: createdAt(),
});
