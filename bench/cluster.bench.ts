/**
 * Several servers: `npx tsx bench/cluster.bench.ts` (or `make bench`).
 *
 * Live-event fan-out and ingest with two servers (socket.io Redis adapter, one PostgreSQL server, one Redis) against
 * one server (reference), in the same run, on the same database server. A worker sends paced perception frames
 * (2 cameras × 4 people) to server 1; CONSOLES staff consoles watch both cameras: all on server 1 in the reference,
 * half on server 2 in the cluster run. Reports worker ack p50/p95, frames/s ingested, events delivered per second
 * over all consoles, and frame-to-console latency p50/p95, with the cluster/reference ratio.
 * BENCH_CLUSTER_FRAMES (default 600 per camera), BENCH_CLUSTER_FPS (per camera, default 10), BENCH_CLUSTER_CONSOLES (default 8).
 */
import type { Socket } from 'socket.io-client';
import { NS, type GymEvent } from '@gym/shared';
import { createLogger } from '@gym/shared/logger.ts';
import { buildApp, type App } from '../server/src/app.ts';
import { openDb, type DbHandle } from '../server/src/db/client.ts';
import { startRedis } from '../server/src/testing/redis.ts';
import { client, frame, seedActors, sendFrame, startTestServer, trackAt, workerClient, WORKER_TOKEN, type TestServer } from '../server/src/testing/server.ts';
import { headline } from './lib/report.ts';

const FRAMES = Number(process.env['BENCH_CLUSTER_FRAMES'] ?? 600);
const FPS = Number(process.env['BENCH_CLUSTER_FPS'] ?? 10);
const CONSOLES = Number(process.env['BENCH_CLUSTER_CONSOLES'] ?? 8);
const JWT = 'cluster-bench-secret-0123456789-0123456789';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

interface Result {
  label: string;
  ackP50: number;
  ackP95: number;
  framesPerS: number;
  eventsPerS: number;
  latP50: number;
  latP95: number;
}

async function run(label: string, redisUrl: string | null): Promise<Result> {
  const s1: TestServer = await startTestServer('postgres-server', { jwtSecret: JWT, redisUrl, recordClips: false });
  let db2: DbHandle | null = null;
  let s2: App | null = null;
  let url2 = s1.url;
  if (redisUrl) {
    db2 = await openDb({ url: s1.db.url!, max: 4 });
    s2 = await buildApp({ db: db2.db, gym: s1.gym, logger: createLogger('bench', { level: 'silent' }), workerTokens: [WORKER_TOKEN], jwtSecret: JWT, sweepEveryMs: 0, redisUrl, recordClips: false });
    await s2.http.listen({ host: '127.0.0.1', port: 0 });
    url2 = `http://127.0.0.1:${(s2.http.server.address() as { port: number }).port}`;
  }
  const actors = await seedActors(s1);
  const consoles: Socket[] = [];
  const latencies: number[] = [];
  let events = 0;
  for (let i = 0; i < CONSOLES; i++) {
    const c = await client(i % 2 === 1 ? url2 : s1.url, NS.live, actors.admin);
    c.on('event', (e: GymEvent) => {
      events++;
      if (e.type === 'person.seen') latencies.push(Date.now() - e.at);
    });
    consoles.push(c);
  }
  await new Promise((r) => setTimeout(r, 500));
  const w = await workerClient(s1.url);
  const acks: number[] = [];
  const t0 = Date.now();
  const period = 1000 / FPS;
  for (let i = 0; i < FRAMES; i++) {
    const due = t0 + i * period;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (const cam of ['cam-a', 'cam-b']) {
      const sent = Date.now();
      const tracks = [1, 2, 3, 4].map((k) => trackAt(k, 0.15 + 0.2 * k + 0.01 * Math.sin(i / 5 + k), 0.8));
      const r = await sendFrame(w, frame(cam, i, sent, tracks));
      if (!r.ok) throw new Error(`frame refused: ${r.error?.message}`);
      acks.push(Date.now() - sent);
    }
  }
  const elapsed = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1000)); // the last events reach the consoles
  const res: Result = {
    label,
    ackP50: pct(acks, 50),
    ackP95: pct(acks, 95),
    framesPerS: (2 * FRAMES) / elapsed,
    eventsPerS: events / elapsed,
    latP50: pct(latencies, 50),
    latP95: pct(latencies, 95),
  };
  w.disconnect();
  for (const c of consoles) c.disconnect();
  await s2?.close();
  await db2?.close();
  await s1.close();
  return res;
}

async function main() {
  const redis = await startRedis();
  try {
    console.log(`cluster bench: ${FRAMES} frames per camera at ${FPS} fps, 2 cameras × 4 people, ${CONSOLES} consoles, PostgreSQL server (Debian) + Redis`);
    const one = await run('one server (reference)', null);
    const two = await run('two servers + Redis adapter', redis.url);
    const rows = [one, two];
    console.log('\n| setup | worker ack p50 / p95 ms | frames/s ingested | events/s to consoles | frame → console p50 / p95 ms |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.label} | ${r.ackP50} / ${r.ackP95} | ${r.framesPerS.toFixed(0)} | ${r.eventsPerS.toFixed(0)} | ${r.latP50} / ${r.latP95} |`);
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
    headline({ metric: 'live events/s to consoles, two servers + Redis', value: two.eventsPerS, unit: 'events/s', reference: { label: 'one server', value: one.eventsPerS } });
    headline({ metric: 'frame → console latency p95, two servers + Redis', value: two.latP95, unit: 'ms', reference: { label: 'one server', value: one.latP95 } });
    console.log(`| ratio two/one | ${ratio(two.ackP50, one.ackP50)} / ${ratio(two.ackP95, one.ackP95)} | ${ratio(two.framesPerS, one.framesPerS)} | ${ratio(two.eventsPerS, one.eventsPerS)} | ${ratio(two.latP50, one.latP50)} / ${ratio(two.latP95, one.latP95)} |`);
  } finally {
    redis.stop();
  }
}

await main();
process.exit(0);
