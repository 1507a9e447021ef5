/**
 * #22.8: capture-node's HTTP and socket.io surface against strangers. CORS only for configured origins (the
 * server's, CAPTURE_ALLOWED_ORIGINS), /health, /cameras and /metrics need a token unless in loopback dev, the
 * handshake of a page from a foreign origin is refused, and the root namespace accepts no one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { CaptureNode } from '../app.ts';
import { startTestNode } from '../testing/harness.ts';

const SERVER = 'http://127.0.0.1:8080';

function outcome(s: Socket): Promise<string> {
  return new Promise((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', (e) => resolve(`refused: ${e.message}`));
  }).finally(() => s.close()) as Promise<string>;
}

describe('capture-node access (loopback dev with METRICS_TOKEN)', () => {
  let node: CaptureNode;
  beforeAll(async () => {
    node = await startTestNode({ cameras: [], webDistDir: '/nonexistent', workers: 0, env: { METRICS_TOKEN: 'scraper-token-0123456789' } });
  }, 30_000);
  afterAll(async () => node?.stop());

  it('needs the token for /metrics once one is set, while /health stays open on loopback', async () => {
    expect((await fetch(`${node.baseUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${node.baseUrl}/metrics`, { headers: { authorization: 'Bearer scraper-token-01234567890' } })).status).toBe(401);
    expect((await fetch(`${node.baseUrl}/metrics`, { headers: { authorization: 'Bearer scraper-token-0123456789' } })).status).toBe(200);
    expect((await fetch(`${node.baseUrl}/health`)).status).toBe(200);
  });
});

describe('capture-node access (loopback dev)', () => {
  let node: CaptureNode;
  beforeAll(async () => {
    node = await startTestNode({ cameras: [], webDistDir: '/nonexistent', workers: 0, env: { SERVER_URL: SERVER, CAPTURE_ALLOWED_ORIGINS: 'http://console.lan:5173' } });
  }, 30_000);
  afterAll(async () => node?.stop());

  it('answers /health on loopback without a token, with CORS only for the allowed origins', async () => {
    const plain = await fetch(`${node.baseUrl}/health`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const evil = await fetch(`${node.baseUrl}/health`, { headers: { origin: 'http://evil.example' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    for (const origin of [SERVER, 'http://console.lan:5173']) {
      const ok = await fetch(`${node.baseUrl}/cameras`, { headers: { origin } });
      expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    }
  });

  it('refuses the root namespace and a signaling handshake from a foreign page', async () => {
    expect(await outcome(connect(node.baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: 'test-token' } }))).toMatch(/^refused/);
    const foreign = connect(`${node.baseUrl}/signaling`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: 'test-token' }, extraHeaders: { origin: 'http://evil.example' } });
    expect(await outcome(foreign)).toMatch(/^refused/);
    const own = connect(`${node.baseUrl}/signaling`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: 'test-token' }, extraHeaders: { origin: SERVER } });
    expect(await outcome(own)).toBe('connected');
    const polled = await fetch(`${node.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'http://evil.example' } });
    expect(polled.status).toBe(403);
    expect(polled.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('capture-node access (production)', () => {
  let node: CaptureNode;
  beforeAll(async () => {
    node = await startTestNode({ cameras: [], webDistDir: '/nonexistent', workers: 0, tokens: 'prod-token-1', env: { GYM_ENV: 'production', METRICS_TOKEN: 'scraper-token-0123456789' } });
  }, 30_000);
  afterAll(async () => node?.stop());

  it('lets the scraper read /metrics with METRICS_TOKEN, and nothing else with it', async () => {
    const scraper = { authorization: 'Bearer scraper-token-0123456789' };
    const m = await fetch(`${node.baseUrl}/metrics`, { headers: scraper });
    expect(m.status).toBe(200);
    expect(await m.text()).toMatch(/capture_/);
    // The metrics token opens neither the status routes nor video signaling.
    for (const path of ['/health', '/cameras']) expect((await fetch(`${node.baseUrl}${path}`, { headers: scraper })).status, path).toBe(401);
    const s = connect(`${node.baseUrl}/signaling`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: 'scraper-token-0123456789' } });
    expect(await outcome(s)).toMatch(/^refused/);
  });

  it('needs a capture token for /health, /cameras and /metrics', async () => {
    for (const path of ['/health', '/cameras', '/metrics']) {
      expect((await fetch(`${node.baseUrl}${path}`)).status, path).toBe(401);
      expect((await fetch(`${node.baseUrl}${path}`, { headers: { authorization: 'Bearer wrong' } })).status, path).toBe(401);
      expect((await fetch(`${node.baseUrl}${path}`, { headers: { authorization: 'Bearer prod-token-1' } })).status, path).toBe(200);
    }
  });
});
