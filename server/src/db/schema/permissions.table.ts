import { bigserial, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, ts } from './columns.ts';
import { cameras } from './gyms.table.ts';
import { members, users } from './members.table.ts';
import { people } from './people.table.ts';

/** Which cameras a trainer may watch (admins see every camera; members none). */
export const cameraPermissions = pgTable(
  'camera_permissions',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cameraId: text('camera_id')
      .notNull()
      .references(() => cameras.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.cameraId] })],
);

/** Alerts raised for staff (unknown person in a members-only zone, ...). */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    cameraId: text('camera_id'),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    acknowledgedAt: ts('acknowledged_at'),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('alerts_at_idx').on(t.at)],
);
