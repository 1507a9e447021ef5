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
    node = await startTestNode({ cameras: [], webDistDir: '/nonexistent', workers: 0, tokens: 'prod-token-1', env: { GYM_ENV: 'production' } });
  }, 30_000);
  afterAll(async () => node?.stop());

  it('needs a capture token for /health, /cameras and /metrics', async () => {
    for (const path of ['/health', '/cameras', '/metrics']) {
      expect((await fetch(`${node.baseUrl}${path}`)).status, path).toBe(401);
      expect((await fetch(`${node.baseUrl}${path}`, { headers: { authorization: 'Bearer wrong' } })).status, path).toBe(401);
      expect((await fetch(`${node.baseUrl}${path}`, { headers: { authorization: 'Bearer prod-token-1' } })).status, path).toBe(200);
    }
  });
});
