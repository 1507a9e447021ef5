import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
// The server's own signer, so a change of its grant format breaks this test.
import { TokenService } from '../../../server/src/auth/tokens.ts';
import { parseTokens } from '../config.ts';
import { secretSource } from '../secrets.ts';
import { CameraViewVerifier } from './camera-view.ts';
import { allows, TokenStore } from './tokens.ts';

describe('signaling tokens', () => {
  it('parses all-camera and scoped tokens', () => {
    expect(parseTokens('a, b:cam-1+cam-2,')).toEqual([
      { token: 'a', cameras: '*' },
      { token: 'b', cameras: ['cam-1', 'cam-2'] },
    ]);
  });
  it('accepts known tokens only and scopes them', () => {
    const store = new TokenStore(parseTokens('dev,scoped:cam-1'));
    expect(store.check('nope')).toBeNull();
    expect(store.check(undefined)).toBeNull();
    expect(store.check({ token: 'dev' })).toBeNull();
    expect(allows(store.check('scoped')!, 'cam-1')).toBe(true);
    expect(allows(store.check('scoped')!, 'cam-2')).toBe(false);
    const minted = store.mint(['cam-2']);
    expect(allows(store.check(minted)!, 'cam-2')).toBe(true);
    store.revoke(minted);
    expect(store.check(minted)).toBeNull();
  });
});

describe('camera-view grants from the server', () => {
  const secret = 'a-shared-secret-of-at-least-32-characters!';
  const store = (s: string | null = secret) => new TokenStore(parseTokens('dev'), new CameraViewVerifier(() => s));

  it('grants exactly the camera a valid grant names', async () => {
    const jwt = await new TokenService(secret).signCameraView('user-1', 'cam-2');
    const g = await store().verify(jwt);
    expect(g).not.toBeNull();
    expect(allows(g!, 'cam-2')).toBe(true);
    expect(allows(g!, 'cam-1')).toBe(false);
    expect(await store().verify('dev')).toEqual({ token: 'dev', cameras: '*' });
  });

  it('refuses expired, forged, other-typ and other-issuer tokens, and all grants without a secret', async () => {
    const svc = new TokenService(secret);
    const key = new TextEncoder().encode(secret);
    const expired = await svc.signCameraView('user-1', 'cam-2', -10);
    const forged = await new TokenService('some-other-secret-of-32-characters-or-more').signCameraView('user-1', 'cam-2');
    const access = await svc.signAccess({ userId: 'u', role: 'admin', memberId: null });
    const otherIssuer = await new SignJWT({ typ: 'camera-view', cam: 'cam-2' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('elsewhere').setExpirationTime('5m').sign(key);
    const noCam = await new SignJWT({ typ: 'camera-view' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('smart-gym').setExpirationTime('5m').sign(key);
    for (const t of [expired, forged, access, otherIssuer, noCam, 'not.a.jwt', '']) expect(await store().verify(t)).toBeNull();
    expect(await store(null).verify(await svc.signCameraView('user-1', 'cam-2'))).toBeNull();
  });

  it('reads the secret from the server data directory once the server has written it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gym-secrets-'));
    const src = secretSource(null, dir, 'jwt-secret');
    const s = new TokenStore([], new CameraViewVerifier(src));
    const jwt = await new TokenService(secret).signCameraView('user-1', 'cam-2');
    expect(await s.verify(jwt)).toBeNull();
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets/jwt-secret'), `${secret}\n`);
    expect(await s.verify(jwt)).toMatchObject({ cameras: ['cam-2'] });
    expect(secretSource('from-env', dir, 'jwt-secret')()).toBe('from-env');
  });
});
