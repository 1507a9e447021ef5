/**
 * Camera-view grants from the server (`POST /api/cameras/:id/view`, server/src/auth/tokens.ts): HS256 JWTs signed
 * with the secret both share (JWT_SECRET, or the server's generated `$GYM_DATA_DIR/secrets/jwt-secret`), issuer
 * `smart-gym`, `typ: 'camera-view'`, `cam: <cameraId>`. Such a token lets its holder watch exactly that camera.
 */
import { jwtVerify } from 'jose';
import type { TokenGrant } from '../config.ts';

const ISSUER = 'smart-gym';
/** Compact JWS: three base64url parts. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export class CameraViewVerifier {
  #key: { secret: string; key: Uint8Array } | null = null;

  /** `secret()` is asked on every verification until it returns one (the server may write its file later). */
  constructor(private readonly secret: () => string | null) {}

  /** The grant for a valid, unexpired camera-view token; null for anything else (forged, expired, other typ). */
  async verify(presented: string): Promise<TokenGrant | null> {
    if (!JWT_SHAPE.test(presented)) return null;
    const secret = this.secret();
    if (!secret) return null;
    if (this.#key?.secret !== secret) this.#key = { secret, key: new TextEncoder().encode(secret) };
    try {
      const { payload } = await jwtVerify(presented, this.#key.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (payload.typ !== 'camera-view' || typeof payload.cam !== 'string' || !payload.cam) return null;
      return { token: presented, cameras: [payload.cam] };
    } catch {
      return null;
    }
  }
}
