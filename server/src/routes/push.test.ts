/**
 * Push opt-in and delivery (issue 17): a member's subscription is stored; a notification is encrypted (RFC 8291,
 * aes128gcm) with a VAPID token and posted to a local HTTPS push service that decrypts it with the "browser" keys; a
 * push service answering 410 gets the subscription deleted. The browser side cannot subscribe offline (notes/coaching.md §3).
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { api, seedActors, startTestServer, type Actors, type TestServer } from '../testing/server.ts';
import { pushSubscriptions } from '../db/schema/index.ts';
import { generateVapidKeys } from '../services/push.service.ts';
import { browserKeys, fakePushService } from '../testing/push-service.ts';
// @ts-expect-error http_ece (web-push's own dependency) ships no types
import ece from 'http_ece';

describe('push notifications', () => {
  let t: TestServer;
  let a: Actors;
  let push: Awaited<ReturnType<typeof fakePushService>>;
  const vapid = generateVapidKeys('mailto:ops@example.test');
  beforeAll(async () => {
    push = await fakePushService();
    t = await startTestServer('pglite', { push: { vapid, agent: push.agent } });
    a = await seedActors(t);
  });
  afterAll(async () => {
    await t?.close();
    await push?.close();
  });

  it('gives the VAPID public key without an account; subscriptions are for members only', async () => {
    expect(await api(t, 'GET', '/api/push/vapid-public-key')).toEqual({ status: 200, body: { publicKey: vapid.publicKey } });
    const sub = { endpoint: `${push.origin}/sub/x`, keys: browserKeys().keys };
    expect((await api(t, 'POST', '/api/me/push/subscriptions', undefined, sub)).status).toBe(401);
    expect((await api(t, 'POST', '/api/me/push/subscriptions', a.trainerA, sub)).status).toBe(403);
    expect((await api(t, 'POST', '/api/me/push/subscriptions', a.admin, sub)).status).toBe(403);
    const bad = await api(t, 'POST', '/api/me/push/subscriptions', a.member1, { ...sub, keys: { p256dh: 'short', auth: sub.keys.auth } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('p256dh');
    expect((await api(t, 'POST', '/api/me/push/subscriptions', a.member1, { ...sub, endpoint: 'http://127.0.0.1/x' })).body.error.message).toContain('endpoint');
  });

  it('delivers an encrypted, VAPID-signed notification to each subscription and prunes gone ones', async () => {
    const phone = browserKeys();
    const old = browserKeys();
    const r1 = await api(t, 'POST', '/api/me/push/subscriptions', a.member1, { endpoint: `${push.origin}/sub/phone`, keys: phone.keys });
    expect(r1).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    // Subscribing again from the same browser keeps one row.
    expect((await api(t, 'POST', '/api/me/push/subscriptions', a.member1, { endpoint: `${push.origin}/sub/phone`, keys: phone.keys })).body.id).toBe(r1.body.id);
    await api(t, 'POST', '/api/me/push/subscriptions', a.member1, { endpoint: `${push.origin}/gone/old`, keys: old.keys });
    await api(t, 'POST', '/api/me/push/subscriptions', a.member2, { endpoint: `${push.origin}/sub/other`, keys: browserKeys().keys });

    const msg = { title: 'Set done', body: '8 squats, steady tempo', url: '#/history', tag: 'set-1' };
    expect(await t.app.ctx.push.send(a.member1Id, msg)).toEqual({ sent: 1, removed: 1, failed: 0 });

    const toPhone = push.got.filter((g) => g.path === '/sub/phone');
    expect(toPhone).toHaveLength(1);
    expect(push.got.some((g) => g.path === '/sub/other')).toBe(false);
    const h = toPhone[0]!.headers;
    expect(h['content-encoding']).toBe('aes128gcm');
    expect(h['urgency']).toBe('normal');
    expect(h['topic']).toBe('set-1');
    // The VAPID token: ES256 by our key, audience the push service's origin.
    const m = /^vapid t=([^,]+), k=(.+)$/.exec(String(h['authorization']));
    expect(m?.[2]).toBe(vapid.publicKey);
    const [hd, pl, sig] = m![1]!.split('.');
    const claims = JSON.parse(Buffer.from(pl!, 'base64url').toString());
    expect(claims).toMatchObject({ aud: push.origin, sub: 'mailto:ops@example.test' });
    const pub = Buffer.from(vapid.publicKey, 'base64url');
    const jwk = { kty: 'EC', crv: 'P-256', x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') };
    expect(verify('sha256', Buffer.from(`${hd}.${pl}`), { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(sig!, 'base64url'))).toBe(true);
    // Only the browser's private key opens it.
    const plain = ece.decrypt(toPhone[0]!.body, { version: 'aes128gcm', privateKey: phone.ecdh, authSecret: phone.auth.toString('base64url') }) as Buffer;
    expect(JSON.parse(plain.toString('utf8'))).toEqual(msg);

    const rows = await t.db.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.memberId, a.member1Id));
    expect(rows.map((r) => r.endpoint)).toEqual([`${push.origin}/sub/phone`]);
    expect(rows[0]!.lastSentAt).toBeInstanceOf(Date);
  });

  it('unsubscribes only the member’s own device', async () => {
    const endpoint = `${push.origin}/sub/phone`;
    expect((await api(t, 'DELETE', '/api/me/push/subscriptions', a.member2, { endpoint })).body).toEqual({ removed: 0 });
    expect((await api(t, 'DELETE', '/api/me/push/subscriptions', a.member1, { endpoint })).body).toEqual({ removed: 1 });
    expect(await t.app.ctx.push.send(a.member1Id, { title: 'x', body: 'y' })).toEqual({ sent: 0, removed: 0, failed: 0 });
  });
});
