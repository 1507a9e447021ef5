/**
 * #18 slow-loris on capture-node's HTTP server (/health, static pages, socket.io share it): clients dribbling
 * headers or a body, or sending nothing, are cut off (408 where HTTP can still say so) while /health keeps answering.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import { silentClient, slowBody, slowHeaders, until } from '@gym/shared/testing/slow-client.ts';
import { createHttpServer } from './http.server.ts';

describe('capture-node HTTP against slow clients', () => {
  const server = createHttpServer({ routes: { '/health': () => ({ ok: true }) }, webRoot: null, logger: createLogger('test', { level: 'silent' }), limits: { headersMs: 3000, requestMs: 5000, idleMs: 4000, checkEveryMs: 250 } });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('closes dribbling and silent connections and keeps serving', async () => {
    const headers = Array.from({ length: 10 }, () => slowHeaders(port));
    // capture-node takes no POST: it answers 405 at once, but the dribbled body still must not hold the connection.
    const bodies = Array.from({ length: 3 }, () => slowBody(port, '/health'));
    const slow = [...headers, ...bodies, silentClient(port)];
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      await until('every slow client to be cut off', () => slow.every((d) => d.state.closed));
      for (const d of slow) {
        expect(d.state.sent).toBeLessThan(100);
        if (d.state.received) expect(d.state.received).toMatch(/^HTTP\/1\.1 (408|405)/);
      }
      expect(headers.filter((d) => d.state.received.startsWith('HTTP/1.1 408')).length).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      for (const d of slow) d.stop();
    }
  });
});
