import type { AppContext } from '../context.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { ApiError } from '../errors.ts';
import type { Role } from '../auth/principal.ts';

export interface CreateUserInput {
  email: string;
  password: string;
  role: Role;
  memberId?: string | null | undefined;
  cameras?: string[] | undefined;
}

/** Creates a login. Member accounts must point at a member; staff accounts must not. Trainers get camera grants. */
export async function createUser(ctx: Pick<AppContext, 'users' | 'members' | 'gym'>, u: CreateUserInput) {
  if (u.password.length < MIN_PASSWORD_LENGTH) throw new ApiError(400, 'VALIDATION', `password: at least ${MIN_PASSWORD_LENGTH} characters`);
  if (u.role === 'member' && !u.memberId) throw new ApiError(400, 'VALIDATION', 'memberId: a member account needs a member');
  if (u.role !== 'member' && u.memberId) throw new ApiError(400, 'VALIDATION', 'memberId: only member accounts point at a member');
  if (u.memberId && !(await ctx.members.get(u.memberId))) throw new ApiError(404, 'NOT_FOUND', 'member not found');
  if (await ctx.users.byEmail(u.email)) throw new ApiError(409, 'EXISTS', `a user with email ${u.email} exists`);
  const unknown = (u.cameras ?? []).filter((c) => !ctx.gym.cameras.some((k) => k.id === c));
  if (unknown.length) throw new ApiError(400, 'VALIDATION', `cameras: unknown ${unknown.join(', ')}`);
  const user = await ctx.users.create({ email: u.email, passwordHash: await hashPassword(u.password), role: u.role, memberId: u.memberId ?? null });
  for (const c of u.cameras ?? []) await ctx.users.grantCamera(user.id, c);
  return user;
}
