/** The `MyProfile` view of a member (member record, account email, profile and screening, and whether the yearly screening is due), for the member and staff. */
import type { MyProfile } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { screeningDue, screeningDueAt } from '../domain/coaching/screening.ts';

export async function myProfile(ctx: Pick<AppContext, 'members' | 'users' | 'profiles'>, memberId: string, now: Date = new Date()): Promise<MyProfile> {
  const [m, u, pr] = await Promise.all([ctx.members.get(memberId), ctx.users.byMemberId(memberId), ctx.profiles.get(memberId)]);
  if (!m) throw notFound('member');
  return {
    memberId,
    displayName: m.displayName,
    email: u?.email ?? m.email,
    goals: pr?.goals ?? '',
    injuryNotes: pr?.injuryNotes ?? '',
    screening: pr?.screening ?? null,
    screenedAt: pr?.screenedAt?.toISOString() ?? null,
    needsClearance: pr?.needsClearance ?? false,
    screeningDue: screeningDue(pr?.screenedAt ?? null, now),
    screeningDueAt: pr?.screenedAt ? screeningDueAt(pr.screenedAt).toISOString() : null,
    reminders: pr?.reminders ?? true,
    reminderHour: pr?.reminderHour ?? null,
  };
}
