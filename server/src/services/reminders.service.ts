/**
 * Training reminders (issue 15's notifications): a member who has trained here, consents to coaching and has a
 * subscribed device gets one web push when `afterDays` have passed since their last set ("It's been 9 days since
 * your last workout"). One reminder per absence: the push is tagged with the last set's day, so a restart, a second
 * server or the next check sends nothing new until the member has trained again. Through the durable delivery queue
 * (push.service enqueue), so a reminder queued before a crash still goes out. A member may turn reminders off or
 * choose the hour of the gym's day they come at (`member_profiles.reminders`, `reminder_hour`; the Me page).
 */
import { sql } from 'drizzle-orm';
import type { Logger } from '@gym/shared/logger.ts';
import { rowsOf, type Db } from '../db/client.ts';
import type { PushService } from './push.service.ts';

export interface ReminderOptions {
  /** Days without a set before a reminder; 0 turns reminders off. */
  afterDays: number;
  /** How often to look, ms (at most an hour: a member's chosen hour must see a check). */
  checkEveryMs: number;
  /** The gym's time zone (gym config `gym.timezone`): a member's `reminderHour` is an hour of the gym's day. */
  timezone: string;
}

export const DEFAULT_REMINDERS: ReminderOptions = { afterDays: 7, checkEveryMs: 60 * 60_000, timezone: 'UTC' };

/** The hour (0-23) of `at` in time zone `tz`; UTC for a zone this runtime does not know. */
export function hourIn(at: Date, tz: string): number {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' });
  } catch {
    return at.getUTCHours();
  }
  return Number(f.formatToParts(at).find((p) => p.type === 'hour')?.value ?? at.getUTCHours()) % 24;
}

export interface DueReminder {
  memberId: string;
  lastSetAt: Date;
  days: number;
}

const DAY_MS = 86_400_000;

export class RemindersService {
  readonly o: ReminderOptions;

  constructor(
    private readonly db: Db,
    private readonly push: PushService,
    private readonly log: Logger,
    o: Partial<ReminderOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.o = { ...DEFAULT_REMINDERS, ...o };
    this.o.checkEveryMs = Math.min(this.o.checkEveryMs, 60 * 60_000);
  }

  /**
   * Members to remind now: coaching consent, a subscribed device, reminders not turned off, a last set longer ago
   * than `afterDays`, and (for a member who chose an hour) the gym's clock in that hour.
   */
  async due(): Promise<DueReminder[]> {
    if (this.o.afterDays <= 0) return [];
    const before = new Date(this.now() - this.o.afterDays * DAY_MS);
    const res = await this.db.execute(sql`
      SELECT s.member_id AS member_id, max(coalesce(s.ended_at, s.started_at)) AS last_at, max(mp.reminder_hour) AS hour
      FROM sets s
      LEFT JOIN member_profiles mp ON mp.member_id = s.member_id
      WHERE s.member_id IS NOT NULL
        AND coalesce(mp.reminders, true)
        AND EXISTS (SELECT 1 FROM consents c WHERE c.member_id = s.member_id AND c.kind = 'coaching' AND c.revoked_at IS NULL AND NOT c.refused)
        AND EXISTS (SELECT 1 FROM push_subscriptions p WHERE p.member_id = s.member_id)
      GROUP BY s.member_id
      HAVING max(coalesce(s.ended_at, s.started_at)) < ${before.toISOString()}::timestamptz`);
    const hourNow = hourIn(new Date(this.now()), this.o.timezone);
    const rows = rowsOf<{ member_id: string; last_at: string | Date; hour: number | string | null }>(res).filter((r) => r.hour === null || Number(r.hour) === hourNow);
    return rows.map((r) => {
      const lastSetAt = new Date(r.last_at);
      return { memberId: r.member_id, lastSetAt, days: Math.floor((this.now() - lastSetAt.getTime()) / DAY_MS) };
    });
  }

  /** Queues the due reminders; returns how many pushes were newly queued (already-sent absences give none). */
  async pass(): Promise<number> {
    let queued = 0;
    for (const d of await this.due()) {
      queued += await this.push.enqueue(d.memberId, {
        title: 'Time for a session?',
        body: `It's been ${d.days} days since your last workout. Your coach has your numbers ready.`,
        url: '/#/now',
        tag: `reminder:${d.lastSetAt.toISOString().slice(0, 10)}`,
      });
    }
    if (queued) this.log.info({ queued }, 'training reminders queued');
    return queued;
  }

  /** Checks now and then every `checkEveryMs`; returns the stop function. */
  watch(): () => void {
    if (this.o.afterDays <= 0) return () => {};
    const run = () => void this.pass().catch((err: unknown) => this.log.warn({ err: String(err) }, 'reminder check failed'));
    const first = setTimeout(run, 5_000);
    const timer = setInterval(run, this.o.checkEveryMs);
    first.unref();
    timer.unref();
    return () => { clearTimeout(first); clearInterval(timer); };
  }
}
