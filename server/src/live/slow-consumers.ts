/**
 * Bounded output per live client. socket.io queues whatever a client does not read: the engine's write buffer
 * grows while the last WebSocket frame is still unsent, and the socket's own buffer behind it. A phone that stops
 * reading (backgrounded tab, dead Wi-Fi that the heartbeat has not noticed yet) would grow server memory with every
 * `person.seen` at the analysis rate. Policy: a client holding more than `maxBufferedBytes` unsent is disconnected
 * (its app reconnects and refetches the state over REST, nothing stored is lost), counted in
 * `gym_live_slow_clients_total`.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Logger } from '@gym/shared/logger.ts';
import type { Counter } from 'prom-client';

export interface SlowConsumerOptions {
  /** Unsent bytes one client may hold; default 8 MiB. */
  maxBufferedBytes?: number;
  /** How often every client's backlog is measured, ms; default 1000. */
  checkEveryMs?: number;
}

interface EnginePacket {
  data?: unknown;
}

/** Bytes queued for a client and not yet handed to the kernel: the engine's packet buffer plus the WebSocket's. */
export function bufferedBytes(socket: Socket): number {
  const conn = socket.conn as unknown as { writeBuffer?: EnginePacket[]; transport?: { socket?: { bufferedAmount?: number } } };
  let n = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    const d = p.data;
    n += typeof d === 'string' ? d.length : d instanceof Uint8Array || d instanceof ArrayBuffer ? d.byteLength : 16;
  }
  return n;
}

export function watchSlowConsumers(ns: Namespace, counter: Counter, log: Logger, opts: SlowConsumerOptions = {}): () => void {
  const max = opts.maxBufferedBytes ?? 8 * 1024 * 1024;
  const timer = setInterval(() => {
    for (const socket of ns.sockets.values()) {
      const bytes = bufferedBytes(socket);
      if (bytes <= max) continue;
      counter.inc();
      log.warn({ socket: socket.id, bufferedBytes: bytes, limit: max }, 'live client does not read its events: disconnected');
      // close = true drops the connection itself, and with it the queued data.
      socket.disconnect(true);
    }
  }, opts.checkEveryMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
