/** The `MyProfile` view of a member (member record, account email, profile and screening), for the member and staff. */
import type { MyProfile } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';

export async function myProfile(ctx: Pick<AppContext, 'members' | 'users' | 'profiles'>, memberId: string): Promise<MyProfile> {
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
  };
}
