/**
 * Joining: staff make an invite link for a member record; the member opens it in the member app, sets a password,
 * answers every consent (yes or no), the health screening and their goals, and is signed in. The token is 32 random
 * bytes (base64url) handed out once; only its SHA-256 is stored. An invite works once, for `days` days.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConsentChoice, type InviteAccept, type InviteOut, type InvitePreview } from '@gym/shared';
import type { AppContext } from '../context.ts';
import type { Principal } from '../auth/principal.ts';
import { ApiError, notFound } from '../errors.ts';
import { createUser } from './users.service.ts';
import type { InvitesRepository } from '../repositories/invites.repository.ts';
import type { ProfilesRepository } from '../repositories/profiles.repository.ts';

export const INVITE_DEFAULT_DAYS = 7;
/** Where the member app's router shows the join screen (apps/member, hash routes). */
export const JOIN_PATH = '/apps/member/#/join/';
const DAY_MS = 86_400_000;

export const hashInviteToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

type Ctx = Pick<AppContext, 'users' | 'members' | 'gym' | 'audit' | 'tokens'>;

/** Makes a member's invite (also used by the admin CLI); `by` null for the CLI. */
export async function createInvite(
  deps: Pick<AppContext, 'users' | 'members' | 'audit'> & { invites: InvitesRepository },
  by: Pick<Principal, 'userId' | 'role'> | null,
  memberId: string,
  origin: string,
  days = INVITE_DEFAULT_DAYS,
): Promise<InviteOut> {
  if (!(await deps.members.get(memberId))) throw notFound('member');
  if (await deps.users.byMemberId(memberId)) throw new ApiError(409, 'ALREADY_JOINED', 'this member already has an account');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * DAY_MS);
  const row = await deps.invites.create(memberId, hashInviteToken(token), by?.userId ?? null, expiresAt);
  await deps.audit.record(by, 'member.invite', 'member', memberId, { inviteId: row.id, expiresAt: expiresAt.toISOString() });
  return { token, url: `${origin.replace(/\/+$/, '')}${JOIN_PATH}${token}`, expiresAt: expiresAt.toISOString() };
}

export class InvitesService {
  constructor(
    private readonly ctx: Ctx,
    private readonly invites: InvitesRepository,
    private readonly profiles: ProfilesRepository,
  ) {}

  create(by: Principal, memberId: string, origin: string, days = INVITE_DEFAULT_DAYS): Promise<InviteOut> {
    return createInvite({ ...this.ctx, invites: this.invites }, by, memberId, origin, days);
  }

  async preview(token: string): Promise<InvitePreview> {
    const inv = await this.usable(token);
    const m = await this.ctx.members.get(inv.memberId);
    if (!m) throw notFound('invite');
    return { displayName: m.displayName, gymName: this.ctx.gym.gym.name, expiresAt: inv.expiresAt.toISOString() };
  }

  /** Creates the member's account from the invite and records their answers; the invite is used up. */
  async accept(token: string, body: InviteAccept) {
    const inv = await this.usable(token);
    const missing = ConsentChoice.options.filter((k) => typeof body.consents[k] !== 'boolean');
    if (missing.length) throw new ApiError(400, 'VALIDATION', `consents.${missing[0]}: answer yes or no for every consent`);
    if (await this.ctx.users.byMemberId(inv.memberId)) throw new ApiError(409, 'ALREADY_JOINED', 'this member already has an account');
    if (await this.ctx.users.byEmail(body.email)) throw new ApiError(409, 'EXISTS', 'an account with this email exists');
    // Claimed before the account is made, so two racing accepts cannot both join; given back if the account fails.
    if (!(await this.invites.claim(inv.id))) throw notFound('invite');
    let user;
    try {
      user = await createUser(this.ctx, { email: body.email, password: body.password, role: 'member', memberId: inv.memberId });
    } catch (e) {
      await this.invites.release(inv.id);
      throw e;
    }
    const evidence = `member app, joining by invite ${inv.id}`;
    for (const kind of ConsentChoice.options) {
      if (body.consents[kind]) await this.ctx.members.recordConsent(inv.memberId, kind, evidence, user.id);
      else await this.ctx.members.recordRefusal(inv.memberId, kind, evidence, user.id);
    }
    await this.profiles.setScreening(inv.memberId, body.screening);
    await this.profiles.update(inv.memberId, { goals: body.goals });
    const actor = { userId: user.id, role: user.role };
    await this.ctx.audit.record(actor, 'member.join', 'member', inv.memberId, { inviteId: inv.id, consents: body.consents });
    await this.ctx.users.touchLogin(user.id);
    const accessToken = await this.ctx.tokens.signAccess({ userId: user.id, role: user.role, memberId: user.memberId });
    return { accessToken, user: { id: user.id, email: user.email, role: user.role, memberId: user.memberId } };
  }

  private async usable(token: string) {
    const inv = await this.invites.usable(hashInviteToken(token));
    if (!inv) throw notFound('invite');
    return inv;
  }
}
