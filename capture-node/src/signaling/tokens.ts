import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenGrant } from '../config.ts';
import type { CameraViewVerifier } from './camera-view.ts';

/**
 * Signaling tokens and the cameras each may see: configured ones, tokens minted for worker pages, and (with a
 * verifier) the server's short-lived camera-view JWTs.
 */
export class TokenStore {
  readonly #grants = new Map<string, TokenGrant>();

  constructor(
    grants: TokenGrant[] = [],
    private readonly cameraViews: CameraViewVerifier | null = null,
  ) {
    for (const g of grants) this.#grants.set(g.token, g);
  }

  /** A fresh random token for the given cameras (a worker page's). */
  mint(cameras: string[] | '*'): string {
    const token = randomBytes(24).toString('base64url');
    this.#grants.set(token, { token, cameras });
    return token;
  }

  revoke(token: string): void {
    this.#grants.delete(token);
  }

  /** The grant for a presented token, compared in constant time; null when unknown. */
  check(presented: unknown): TokenGrant | null {
    if (typeof presented !== 'string' || presented.length === 0 || presented.length > 256) return null;
    const p = Buffer.from(presented);
    for (const g of this.#grants.values()) {
      const t = Buffer.from(g.token);
      if (t.length === p.length && timingSafeEqual(t, p)) return g;
    }
    return null;
  }

  /** `check`, then the camera-view JWT verifier: the grant for any token this node accepts, null otherwise. */
  async verify(presented: unknown): Promise<TokenGrant | null> {
    const g = this.check(presented);
    if (g || typeof presented !== 'string' || presented.length > 4096 || !this.cameraViews) return g;
    return this.cameraViews.verify(presented);
  }
}

export function allows(grant: TokenGrant, cameraId: string): boolean {
  return grant.cameras === '*' || grant.cameras.includes(cameraId);
}
