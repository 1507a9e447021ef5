/**
 * Training reminders on a real server (PGlite): who is due (coaching consent, a subscribed device, a last set
 * longer ago than the limit), one durable push job per device, and none again for the same absence.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { consents, deliveryJobs, pushSubscriptions, sets, workoutSessions } from '../db/schema/index.ts';
import { startTestServer, type TestServer } from '../testing/server.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { hourIn, RemindersService } from './reminders.service.ts';

const log = createLogger('test', { level: 'silent' });

describe('training reminders', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Jobs stored, not run: the test reads the queue.
    t = await startTestServer('pglite', { jobs: { autostart: false }, reminders: { afterDays: 0 } });
  });
  afterAll(async () => { await t?.close(); });

  async function member(opts: { daysSinceSet: number | null; coaching: boolean; devices: number }): Promise<string> {
    const ctx = t.app.ctx;
    const m = await ctx.members.create(t.gym.gym.id, 'Someone', `${randomUUID()}@example.test`);
    if (opts.coaching) await t.db.db.insert(consents).values({ memberId: m.id, kind: 'coaching', evidence: 'test' });
    for (let i = 0; i < opts.devices; i++) {
      await t.db.db.insert(pushSubscriptions).values({ memberId: m.id, endpoint: `https://push.example.test/${randomUUID()}`, p256dh: 'k', auth: 'a' });
    }
    if (opts.daysSinceSet !== null) {
      const at = new Date(Date.now() - opts.daysSinceSet * 86_400_000);
      const sessionId = randomUUID();
      await t.db.db.insert(workoutSessions).values({ id: sessionId, memberId: m.id, startedAt: at });
      await t.db.db.insert(sets).values({ id: randomUUID(), sessionId, memberId: m.id, exercise: 'squat', startedAt: at, endedAt: at, reps: 8 });
    }
    return m.id;
  }
  const jobsOf = (memberId: string) => t.db.db.select().from(deliveryJobs).where(eq(deliveryJobs.memberId, memberId));

  it('reminds a member away longer than the limit, once per device and once per absence', async () => {
    const away = await member({ daysSinceSet: 9, coaching: true, devices: 2 });
    const recent = await member({ daysSinceSet: 2, coaching: true, devices: 1 });
    const noConsent = await member({ daysSinceSet: 20, coaching: false, devices: 1 });
    const noDevice = await member({ daysSinceSet: 20, coaching: true, devices: 0 });
    const neverTrained = await member({ daysSinceSet: null, coaching: true, devices: 1 });
    const reminders = new RemindersService(t.db.db, t.app.ctx.push, log, { afterDays: 7 });

    const due = await reminders.due();
    const dueIds = due.map((d) => d.memberId);
    expect(dueIds).toContain(away);
    for (const id of [recent, noConsent, noDevice, neverTrained]) expect(dueIds).not.toContain(id);
    expect(due.find((d) => d.memberId === away)!.days).toBe(9);

    expect(await reminders.pass()).toBeGreaterThanOrEqual(2);
    const jobs = await jobsOf(away);
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j) => j.kind === 'push' && (j.payload['msg'] as { body: string }).body.includes('9 days'))).toBe(true);
    // The next check (or another server) queues nothing new for the same absence.
    await reminders.pass();
    expect(await jobsOf(away)).toHaveLength(2);
    expect(await jobsOf(recent)).toHaveLength(0);
  });

  it('follows the member\'s choice: off sends none, a chosen hour of the gym\'s day only in that hour', async () => {
    const off = await member({ daysSinceSet: 10, coaching: true, devices: 1 });
    const at18 = await member({ daysSinceSet: 10, coaching: true, devices: 1 });
    const anyTime = await member({ daysSinceSet: 10, coaching: true, devices: 1 });
    await t.app.ctx.profiles.update(off, { reminders: false });
    await t.app.ctx.profiles.update(at18, { reminderHour: 18 });
    // 17:30 UTC is 18:30 in Oslo (winter) and 12:30 in New York.
    const clock = () => Date.parse('2026-12-07T17:30:00Z');
    const ids = async (timezone: string) => (await new RemindersService(t.db.db, t.app.ctx.push, log, { afterDays: 7, timezone }, clock).due()).map((d) => d.memberId);
    const oslo = await ids('Europe/Oslo');
    expect(oslo).toContain(at18);
    expect(oslo).toContain(anyTime);
    expect(oslo).not.toContain(off);
    const ny = await ids('America/New_York');
    expect(ny).not.toContain(at18);
    expect(ny).toContain(anyTime);
    // The profile API shows the choice.
    expect(await t.app.ctx.profiles.get(at18)).toMatchObject({ reminders: true, reminderHour: 18 });
  });

  it('reads the hour in the gym\'s time zone (an unknown zone reads as UTC)', () => {
    const at = new Date('2026-07-01T23:15:00Z');
    expect(hourIn(at, 'UTC')).toBe(23);
    expect(hourIn(at, 'Europe/Berlin')).toBe(1);
    expect(hourIn(at, 'Asia/Kolkata')).toBe(4);
    expect(hourIn(at, 'Not/AZone')).toBe(23);
  });

  it('afterDays 0 turns reminders off', async () => {
    await member({ daysSinceSet: 30, coaching: true, devices: 1 });
    expect(await new RemindersService(t.db.db, t.app.ctx.push, log, { afterDays: 0 }).due()).toEqual([]);
  });
});
