import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface CdpPipeBridge {
  /** ws://127.0.0.1:<port>/<128-bit secret>: accepts one connection, then stops listening. */
  endpoint: string;
  close(): void;
}

/**
 * Chromium started with `--remote-debugging-pipe` speaks CDP over fds 3 (in) and 4 (out), NUL-separated JSON, and
 * opens no port. playwright-core can only attach over a WebSocket, so this relays one WebSocket to the pipe. The
 * WebSocket is on loopback under an unguessable path and closes its listener after the first connection, so no
 * other local process can list the page (and its URL) or drive the browser, unlike `--remote-debugging-port`.
 */
export async function bridgeCdpPipe(toChromium: Writable, fromChromium: Readable): Promise<CdpPipeBridge> {
  const secret = randomBytes(16).toString('hex');
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  let client: WebSocket | null = null;
  let pending = '';
  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf('\0')) >= 0) {
      const msg = pending.slice(0, end);
      pending = pending.slice(end + 1);
      client?.send(msg);
    }
  });
  toChromium.on('error', () => undefined);
  http.on('upgrade', (req, socket, head) => {
    if (client || req.url !== `/${secret}`) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      client = ws;
      http.close(); // one client only: the port goes away
      ws.on('message', (data) => toChromium.write(`${data.toString()}\0`));
      ws.on('close', () => toChromium.end());
    });
  });
  await new Promise<void>((resolve, reject) => http.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    endpoint: `ws://127.0.0.1:${port}/${secret}`,
    close() {
      http.close();
      client?.terminate();
      wss.close();
    },
  };
}
