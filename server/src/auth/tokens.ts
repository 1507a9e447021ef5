/**
 * Signed tokens (HS256, jose): access tokens for users, short-lived check-in tokens shown as a QR code by the
 * member PWA, and camera-view grants that the capture node can verify with the same secret.
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from './principal.ts';
import { unauthorized } from '../errors.ts';

export interface AccessClaims {
  userId: string;
  role: Role;
  memberId: string | null;
}

const ISSUER = 'smart-gym';

export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly accessTtlS = 12 * 3600) {
    this.key = new TextEncoder().encode(secret);
  }

  signAccess(c: AccessClaims): Promise<string> {
    return new SignJWT({ role: c.role, mid: c.memberId, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(c.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + this.accessTtlS)
      .sign(this.key);
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    const p = await this.verify(token, 'access');
    const role = p.role;
    if (role !== 'member' && role !== 'trainer' && role !== 'admin') throw unauthorized('bad token');
    return { userId: String(p.sub), role, memberId: typeof p.mid === 'string' ? p.mid : null };
  }

  /** A check-in token the member shows as a QR code; valid for `ttlS` seconds. */
  signCheckin(memberId: string, ttlS = 120): Promise<string> {
    return new SignJWT({ typ: 'checkin', mid: memberId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlS)
      .sign(this.key);
  }

  async verifyCheckin(token: string): Promise<string> {
    const p = await this.verify(token, 'checkin');
    if (typeof p.mid !== 'string') throw unauthorized('bad check-in token');
    return p.mid;
  }

  /** Grant to watch one camera's stream for a short while (verified by the capture node's signaling). */
  signCameraView(userId: string, cameraId: string, ttlS = 300): Promise<string> {
    return new SignJWT({ typ: 'camera-view', cam: cameraId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlS)
      .sign(this.key);
  }

  private async verify(token: string, typ: string) {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (payload.typ !== typ) throw unauthorized(`not a ${typ} token`);
      return payload;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw unauthorized('token expired');
      if (e instanceof joseErrors.JOSEError) throw unauthorized('bad token');
      throw e;
    }
  }
}
