/**
 * #18: /metrics is not for whoever reaches the port. The scraper's METRICS_TOKEN or an admin's token reads it; a
 * wrong token, a member or no token gets 401/403 and no metric text. Only a dev server on loopback is open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsAccess, ServerEnv } from '../config.ts';
import { api, METRICS_TOKEN, seedActors, startTestServer, type Actors, type TestServer } from '../testing/server.ts';

describe('/metrics access', () => {
  let t: TestServer;
  let a: Actors;
  beforeAll(async () => {
    t = await startTestServer('pglite');
    a = await seedActors(t);
  });
  afterAll(async () => t?.close());

  const get = (authorization?: string) => fetch(`${t.url}/metrics`, { headers: authorization ? { authorization } : {} });

  it('answers the scraper token and admins, and nobody else', async () => {
    const scraper = await get(`Bearer ${METRICS_TOKEN}`);
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toMatch(/gym_ingest_frames_total/);
    expect((await get(`Bearer ${a.admin}`)).status).toBe(200);
    for (const [auth, status] of [[undefined, 401], ['Bearer wrong-token', 401], [`Bearer ${METRICS_TOKEN}x`, 401], [`Basic ${METRICS_TOKEN}`, 401], [`Bearer ${a.member1}`, 403], [`Bearer ${a.trainerA}`, 403]] as const) {
      const r = await get(auth);
      expect(r.status, String(auth)).toBe(status);
      const body = await r.text();
      expect(body).not.toMatch(/gym_/);
      expect(JSON.parse(body).error.code).toMatch(/UNAUTHORIZED|FORBIDDEN/);
    }
  });

  it('is open only on a loopback dev server without METRICS_TOKEN', () => {
    const env = (e: Record<string, string>) => metricsAccess(ServerEnv.parse(e));
    expect(env({})).toEqual({ token: null, open: true });
    expect(env({ HOST: '0.0.0.0' })).toEqual({ token: null, open: false });
    expect(env({ GYM_ENV: 'production' })).toEqual({ token: null, open: false });
    expect(env({ METRICS_TOKEN: 'a-long-scraper-token-123' })).toEqual({ token: 'a-long-scraper-token-123', open: false });
    expect(() => ServerEnv.parse({ METRICS_TOKEN: 'short' })).toThrow(/16/);
  });

  it('the other routes are unchanged by it (/health stays public)', async () => {
    expect((await api(t, 'GET', '/health')).status).toBe(200);
  });
});
