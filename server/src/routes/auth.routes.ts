import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { unauthorized } from '../errors.ts';
import { LoginBody, LoginOut, UserOut } from './schemas.ts';

// A fixed hash to verify against when the email is unknown, so both cases take the same time.
let dummyHash: Promise<string> | null = null;

export function authRoutes(app: FastifyInstance, ctx: AppContext, opts: { loginRatePerMin: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: LoginBody, response: { 200: LoginOut } },
      config: { rateLimit: { max: opts.loginRatePerMin, timeWindow: '1 minute' } },
    },
    async (req) => {
      const user = await ctx.users.byEmail(req.body.email);
      dummyHash ??= hashPassword('not-a-real-password-0');
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), req.body.password);
      if (!user || !ok) throw unauthorized('wrong email or password');
      await ctx.users.touchLogin(user.id);
      const accessToken = await ctx.tokens.signAccess({ userId: user.id, role: user.role, memberId: user.memberId });
      return { accessToken, user: { id: user.id, email: user.email, role: user.role, memberId: user.memberId } };
    },
  );

  r.get(
    '/api/me',
    { schema: { tags: ['auth'], summary: 'The signed-in account', security: [{ bearer: [] }], response: { 200: UserOut.extend({ cameras: z.union([z.literal('all'), z.array(z.string())]) }) } } },
    async (req) => {
      const p = await ctx.guard.any(req);
      const u = (await ctx.users.byId(p.userId))!;
      return { id: u.id, email: u.email, role: u.role, memberId: u.memberId, cameras: p.cameras === 'all' ? ('all' as const) : [...p.cameras] };
    },
  );
}
