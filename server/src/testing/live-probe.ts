/**
 * A console stand-in for tests that cannot hold a socket themselves (a server inside a network namespace): logs in
 * to a server, joins its /live namespace as that user and prints every live event as one JSON line on stdout
 * (`{"ready":true}` once connected). Usage: node --import tsx server/src/testing/live-probe.ts <origin> <email> <password>
 */
import { io } from 'socket.io-client';
import { NS, type GymEvent } from '@gym/shared';

const [origin, email, password] = process.argv.slice(2);
if (!origin || !email || !password) {
  console.error('usage: live-probe.ts <origin> <email> <password>');
  process.exit(2);
}
const res = await fetch(`${origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
if (!res.ok) {
  console.error(`login failed: ${res.status} ${await res.text()}`);
  process.exit(1);
}
const { accessToken } = (await res.json()) as { accessToken: string };
const s = io(origin + NS.live, { auth: { token: accessToken }, transports: ['websocket'] });
s.on('connect', () => console.log(JSON.stringify({ ready: true })));
s.on('connect_error', (e) => console.error(`connect error: ${e.message}`));
s.on('event', (e: GymEvent) => console.log(JSON.stringify({ type: e.type, at: e.at, ...('cameraId' in e ? { cameraId: e.cameraId } : {}) })));
