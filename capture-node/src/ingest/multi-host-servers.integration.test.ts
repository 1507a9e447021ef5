/**
 * Two capture hosts and two servers for real (issue 21), in Linux network namespaces joined by a veth pair:
 * - host A: the simulated camera (a squat clip, one set per loop), capture-node A (ingests it), server 1, and the
 *   gym's one PostgreSQL (Debian's, started here) and one Redis (Debian's redis-server);
 * - host B: capture-node B with one browser worker that analyses A's camera through the pipe, and server 2.
 * The worker sends to server 1 first (SERVER_URLS lists both). A console (socket.io client, live-probe.ts) on
 * server 2 sees the live events the worker produces through server 1 (Redis adapter). Then server 1 is SIGKILLed:
 * the worker fails over to server 2, server 2's sweep closes the set server 1 left open once its heartbeat is past
 * the stale limit, and the rows in PostgreSQL hold every rep server 1 had counted; server 2 counts the next set.
 * Needs root for `ip netns` (skipped otherwise, with the reason).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCamera } from '../sim-camera/sim-camera.ts';
import { waitFor } from '../testing/harness.ts';
import { buildWorkerPage } from '../testing/worker-page.ts';
import { killGroup, netnsSkipReason, NetnsHosts } from '../testing/netns.ts';

const id = process.pid % 10000;
const NS_A = `gym-sa-${id}`;
const NS_B = `gym-sb-${id}`;
const IP_A = '10.231.9.1';
const IP_B = '10.231.9.2';
const PEER_TOKEN = 'peer-token-of-the-two-server-gym';
const WORKER_TOKEN = 'worker-token-of-the-two-server-gym';
const METRICS_TOKEN = 'metrics-token-of-the-two-server-gym';
const REDIS_PASSWORD = 'redis-password-of-the-two-server-gym';
const JWT_SECRET = 'jwt-secret-of-the-two-server-gym-0123456789';
const SRV = { 1: { ns: NS_A, ip: IP_A, id: 'srv-1' }, 2: { ns: NS_B, ip: IP_B, id: 'srv-2' } } as const;
const FOOTAGE = join(process.env.GYM_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'smart-gym'), 'footage', 'rendered', 'squat-front.mp4');

const why = netnsSkipReason(['redis-server', 'psql', 'ffmpeg'], [
  { path: '/usr/lib/postgresql', why: 'PostgreSQL is not installed' },
  { path: FOOTAGE, why: `${FOOTAGE} is missing (make setup renders it)` },
]);
const hosts = new NetnsHosts({ ns: NS_A, ip: IP_A }, { ns: NS_B, ip: IP_B });
const inNs = hosts.run.bind(hosts);
const curl = hosts.curl.bind(hosts);
const answers = hosts.answers.bind(hosts);

const servers: Partial<Record<1 | 2, ChildProcess>> = {};
const events: { type: string; at: number; cameraId?: string; got: number }[] = [];
let dir = '';
const dirs: string[] = [];

const pgUrl = hosts.pgUrl();
const psql = (query: string) => hosts.psql(query);
const num = (query: string) => Number(psql(query) || 0);
function metric(n: 1 | 2, name: string): number {
  const text = curl(SRV[n].ns, `http://${SRV[n].ip}:8080/metrics`, METRICS_TOKEN) ?? '';
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

const withLogs = (e: Error): never => {
  throw new Error(`${e.message}\n--- host logs ---\n${hosts.logs}`);
};

function startServer(n: 1 | 2, gymFile: string): ChildProcess {
  const s = SRV[n];
  const p = inNs(s.ns, ['node', '--import', 'tsx', 'server/src/main.ts'], {
    GYM_CONFIG: gymFile, GYM_DATA_DIR: join(dir, `server-${n}`), HOST: s.ip, PORT: '8080', LOG_LEVEL: 'warn',
    DATABASE_URL: pgUrl, REDIS_URL: `redis://:${REDIS_PASSWORD}@${IP_A}:6379`, WORKER_TOKENS: WORKER_TOKEN, JWT_SECRET, METRICS_TOKEN,
    WEB_DIST_DIR: join(dir, 'no-dist'), CAPTURE_PUBLIC_URL: `http://${IP_B}:8090`,
    SERVER_INSTANCE_ID: s.id, SERVER_HEARTBEAT_MS: '500', SERVER_STALE_MS: '3000',
  });
  servers[n] = p;
  return p;
}

beforeAll(async () => {
  if (why) return;
  dir = mkdtempSync(join(tmpdir(), 'gym-two-servers-'));
  dirs.push(dir);
  // One complete set per loop: the clip played 1.5× slower (more analysed frames per rep on a loaded machine), its
  // last frame held 10 s (longer than the engine's set break).
  const clip = join(dir, 'loop.mp4');
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', FOOTAGE, '-an', '-vf', 'setpts=1.5*PTS,fps=10,tpad=stop_mode=clone:stop_duration=10', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', clip]);
  const webDist = await buildWorkerPage();
  hosts.create(`gsa${id}`, `gsb${id}`);
  // PostgreSQL (Debian's) and Redis on host A.
  dirs.push(await hosts.startPostgres());
  // Off loopback Redis refuses clients without a password (protected mode): give it one, as a deployment would.
  inNs(NS_A, ['redis-server', '--port', '6379', '--bind', IP_A, '--requirepass', REDIS_PASSWORD, '--save', '', '--appendonly', 'no']);

  const gymFile = join(dir, 'gym.json');
  writeFileSync(
    gymFile,
    JSON.stringify({
      gym: { id: 'two-server-gym', name: 'Two-server test gym' },
      nodes: [
        { id: 'node-a', url: `http://${IP_A}:8090` },
        { id: 'node-b', url: `http://${IP_B}:8090` },
      ],
      cameras: [{ id: 'cam-x', name: 'Camera on host A', rtspUrl: `rtsp://${IP_A}:8554/vtest`, node: 'node-a', analysedOn: 'node-b' }],
      workers: { count: 1, camerasPerWorker: 4 },
    }),
  );
  // Server 1 first: it migrates the database and creates the bootstrap admin; then server 2 on the same database.
  startServer(1, gymFile);
  await waitFor('server 1 up', () => answers(NS_A, `http://${IP_A}:8080/health`), 120_000, 500).catch(withLogs);
  startServer(2, gymFile);
  await waitFor('server 2 up', () => answers(NS_B, `http://${IP_B}:8080/health`), 120_000, 500).catch(withLogs);
  const password = readFileSync(join(dir, 'server-1', 'secrets', 'admin-password'), 'utf8').trim();
  inNs(NS_B, ['node', '--import', 'tsx', 'server/src/testing/live-probe.ts', `http://${IP_B}:8080`, 'admin@gym.local', password], {}, (line) => {
    try {
      events.push({ ...(JSON.parse(line) as { type: string; at: number; cameraId?: string }), got: Date.now() });
    } catch {}
  });

  const cam = new SimCamera({ port: 8554, host: IP_A, gop: 5, footage: clip });
  inNs(NS_A, ['/usr/bin/python3', ...cam.args()]);
  const common = { GYM_CONFIG: gymFile, CAPTURE_PORT: '8090', CAPTURE_TOKENS: PEER_TOKEN, LOG_LEVEL: 'warn', WEB_DIST_DIR: webDist, JWT_SECRET };
  inNs(NS_A, ['node', '--import', 'tsx', 'capture-node/src/main.ts'], {
    ...common, CAPTURE_NODE_ID: 'node-a', CAPTURE_HOST: IP_A, CAPTURE_RTC_LISTEN_IP: IP_A, CAPTURE_ANNOUNCED_IP: IP_A, CAPTURE_WORKERS: 'false',
  });
  inNs(NS_B, ['node', '--import', 'tsx', 'capture-node/src/main.ts'], {
    ...common, CAPTURE_NODE_ID: 'node-b', CAPTURE_HOST: IP_B, CAPTURE_RTC_LISTEN_IP: IP_B, CAPTURE_ANNOUNCED_IP: IP_B, CAPTURE_PEER_TOKEN: PEER_TOKEN,
    SERVER_URLS: `http://${IP_A}:8080,http://${IP_B}:8080`, CAPTURE_SERVER_WORKER_TOKEN: WORKER_TOKEN,
  });
}, 240_000);

afterAll(() => {
  if (why) return;
  hosts.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(why !== null)(`two capture hosts and two servers in network namespaces${why ? ` (skipped: ${why})` : ''}`, () => {
  it('a console on server 2 sees what the worker sends to server 1; killing server 1 loses no rep and analysis goes on', async () => {
    const framesOn = (n: 1 | 2) => metric(n, 'gym_ingest_frames_total');
    const repsOf = (owner: string) => num(`select count(*) from reps r join sets s on s.id = r.set_id where s.owner = '${owner}'`);
    try {
      // The worker on host B analyses cam-x (piped from host A) and sends to server 1; the console on server 2 sees it.
      await waitFor('frames of cam-x reaching server 1', () => framesOn(1) > 0, 150_000, 1000);
      expect(framesOn(2)).toBe(0);
      await waitFor('the console on server 2 seeing cam-x people', () => events.some((e) => e.type === 'person.seen' && e.cameraId === 'cam-x'), 30_000, 500);
      // Server 1 counts reps of the set (stored with their set, owned by srv-1).
      await waitFor('server 1 counting reps', () => metric(1, 'gym_reps_total') >= 2, 120_000, 1000);
      await waitFor('server 1 storing them', () => repsOf('srv-1') >= 2, 10_000, 300);
      const countedBy1 = metric(1, 'gym_reps_total');

      killGroup(servers[1]!, 'SIGKILL');
      const killedAt = Date.now();
      await new Promise((r) => (servers[1]!.exitCode !== null || servers[1]!.signalCode !== null ? r(null) : servers[1]!.once('exit', r)));

      // The worker fails over to server 2 (its second server), which takes cam-x over; the console keeps seeing it.
      await waitFor('frames of cam-x reaching server 2', () => framesOn(2) > 0, 30_000, 500);
      const failoverMs = Date.now() - killedAt;
      await waitFor('the console seeing cam-x after the kill', () => events.some((e) => e.type === 'person.seen' && e.got > killedAt + failoverMs), 30_000, 500);
      // Server 2's sweep closes what server 1 left open once its heartbeat is past the stale limit (3 s here).
      await waitFor('server 1’s sets closed by server 2', () => num(`select count(*) from sets where owner = 'srv-1' and ended_at is null`) === 0 && num(`select count(*) from workout_sessions where owner = 'srv-1' and ended_at is null`) === 0, 30_000, 500);
      // Every set is closed with its count equal to its rep rows, and every rep server 1 counted is stored (by
      // server 1, or by server 2 from the resent frames when server 1's last batch died with it).
      expect(num(`select count(*) from sets s where s.owner = 'srv-1' and s.reps <> (select count(*) from reps r where r.set_id = s.id)`)).toBe(0);
      await waitFor('server 2 counting reps of the next set', () => repsOf('srv-2') >= 1, 120_000, 1000);
      expect(repsOf('srv-1') + repsOf('srv-2')).toBeGreaterThanOrEqual(countedBy1);
      expect(num(`select count(*) from (select at from reps group by at having count(*) > 1) d`)).toBe(0);
      console.log(`two servers: failover to server 2 after ${failoverMs} ms; reps stored by srv-1 ${repsOf('srv-1')} (counted ${countedBy1}), by srv-2 ${repsOf('srv-2')}`);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- host logs ---\n${hosts.logs}\n--- console events ---\n${events.slice(-5).map((x) => JSON.stringify(x)).join('\n')}`);
    }
  }, 420_000);
});
