/**
 * Several servers behind one address: socket.io's Redis adapter (`@socket.io/redis-adapter`, Redis 7 from Debian)
 * so that an event emitted to a room on one server reaches that room's clients on every server. Set REDIS_URL on
 * each instance. The apps connect over websocket only, so the load balancer needs no sticky sessions; clients that
 * use HTTP long-polling would (docs/scaling.md).
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server as SocketServer } from 'socket.io';
import type { Logger } from '@gym/shared/logger.ts';
import { GymError } from '@gym/shared/errors.ts';

export async function attachRedisAdapter(io: SocketServer, url: string, log: Logger): Promise<() => Promise<void>> {
  let everReady = false;
  // At start-up a Redis that does not answer is a configuration error (give up after 3 tries); once connected, the
  // clients retry for ever with backoff.
  const reconnectStrategy = (retries: number, cause: Error) => (!everReady && retries >= 2 ? cause : Math.min((retries + 1) * 200, 5000));
  const pub = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy } });
  const sub = pub.duplicate();
  let down = false;
  for (const c of [pub, sub]) {
    c.on('error', (err: Error) => {
      // The client reconnects by itself; say so once per outage, without the URL (it may carry a password).
      if (!down) log.warn({ err: err.message }, 'redis connection lost; live events stay on this server until it is back');
      down = true;
    });
    c.on('ready', () => {
      everReady = true;
      if (down) log.info('redis connection back');
      down = false;
    });
  }
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (err) {
    await Promise.allSettled([pub.destroy(), sub.destroy()].map((p) => Promise.resolve(p)));
    throw new GymError('CONFIG', `REDIS_URL: cannot connect to Redis (${(err as Error).message})`);
  }
  io.adapter(createAdapter(pub, sub));
  log.info('socket.io Redis adapter on: live events reach clients of every server');
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
