/** Slow-loris clients for tests: raw TCP sockets that send a request a byte a second, or nothing at all. */
import { connect, type Socket } from 'node:net';

export interface DribbleState {
  closed: boolean;
  /** What the server answered before it closed (a 408 where HTTP could still say why). */
  received: string;
  /** Bytes of `rest` sent so far. */
  sent: number;
}

/** Sends `head` at once, then one byte of `rest` every `everyMs`; records the answer and when the server closed. */
export function dribbler(port: number, head: string, rest: string, everyMs = 1000): { state: DribbleState; stop(): void } {
  const s: Socket = connect(port, '127.0.0.1');
  const state: DribbleState = { closed: false, received: '', sent: 0 };
  // Reading (a data listener) is what lets the socket see the server's FIN.
  s.on('data', (d) => (state.received += d.toString()));
  s.on('error', () => undefined);
  s.on('close', () => (state.closed = true));
  s.on('connect', () => s.write(head));
  const timer = setInterval(() => {
    if (state.closed || state.sent >= rest.length) return;
    s.write(rest[state.sent++]!);
  }, everyMs);
  return {
    state,
    stop() {
      clearInterval(timer);
      s.destroy();
    },
  };
}

/** A header dribbler (`GET path` then a long header a byte at a time) and a body dribbler (POST with a slow body). */
export const slowHeaders = (port: number, path = '/health') => dribbler(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n`, 'X-Slow: ' + 'a'.repeat(200));
export const slowBody = (port: number, path: string) =>
  dribbler(port, `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 300\r\n\r\n`, '{"email":"' + 'a'.repeat(290));
/** A connection that sends nothing. */
export const silentClient = (port: number) => dribbler(port, '', '');

/** Polls `fn` every 100 ms until truthy; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 40_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
