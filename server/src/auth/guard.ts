/** Request authentication: Bearer access token → Principal (role, member, permitted cameras). */
import type { FastifyRequest } from 'fastify';
import type { TokenService } from './tokens.ts';
import type { UsersRepository } from '../repositories/users.repository.ts';
import { isStaff, type Principal } from './principal.ts';
import { forbidden, unauthorized } from '../errors.ts';

export class Guard {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
  ) {}

  /** Principal from a raw access token (HTTP header or socket handshake). */
  async principal(token: string | undefined | null): Promise<Principal> {
    if (!token) throw unauthorized();
    const c = await this.tokens.verifyAccess(token);
    // Roles and permissions are read fresh, so a changed or deleted account loses access at once.
    const user = await this.users.byId(c.userId);
    if (!user) throw unauthorized('account no longer exists');
    const cameras = user.role === 'admin' ? 'all' : user.role === 'trainer' ? await this.users.cameras(user.id) : [];
    return { userId: user.id, role: user.role, memberId: user.memberId, cameras };
  }

  async optional(req: FastifyRequest): Promise<Principal | null> {
    const h = req.headers.authorization;
    if (!h) return null;
    return this.principal(bearer(h));
  }

  async any(req: FastifyRequest): Promise<Principal> {
    return this.principal(bearer(req.headers.authorization));
  }

  async staff(req: FastifyRequest): Promise<Principal> {
    const p = await this.any(req);
    if (!isStaff(p)) throw forbidden('staff only');
    return p;
  }

  async admin(req: FastifyRequest): Promise<Principal> {
    const p = await this.any(req);
    if (p.role !== 'admin') throw forbidden('admins only');
    return p;
  }
}

function bearer(h: string | undefined): string | null {
  if (!h) return null;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m ? m[1]!.trim() : null;
}
