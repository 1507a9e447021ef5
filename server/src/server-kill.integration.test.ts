/**
 * #18 fault: the server is SIGKILLed in the middle of a set. What the gym sees: the live count stops, the server
 * comes back by itself (systemd), the camera's worker reconnects and resends the last seconds it had sent (it
 * cannot know what the dead server stored), and the member's history shows every rep of the set exactly once:
 * the reps stored before the kill in the set the restart closed, the rest in the set that went on. Real server
 * processes (server/src/main.ts) on one embedded PGlite data dir, a socket.io worker client sending a generated
 * 12-rep squat; the database is read after a clean stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { NS } from '@gym/shared';
import { freePort } from '@gym/shared/testing/free-port.ts';
import { until } from '@gym/shared/testing/slow-client.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { openDb } from './db/client.ts';
import { reps, sets } from './db/schema/index.ts';
import { frame, trackAt } from './testing/server.ts';

const root = resolve(import.meta.dirname, '../..');
const WORKER_TOKEN = 'kill-test-worker-token-0123456789';
const METRICS_TOKEN = 'kill-test-metrics-token-0123';

describe('server SIGKILLed in the middle of a set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gym-kill-'));
  const dataDir = join(dir, 'data');
  const gymFile = join(dir, 'gym.json');
  writeFileSync(gymFile, JSON.stringify({ gym: { id: 'kill-gym', name: 'Kill Gym' }, cameras: [{ id: 'cam-a', name: 'A', rtspUrl: 'rtsp://127.0.0.1:9/a' }] }));
  const procs: ChildProcess[] = [];
  let port = 0;

  async function startServer(): Promise<ChildProcess> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|ANTHROPIC_|REDIS_URL|PUBLIC_URL|CAPTURE_)/.test(k)) env[k] = v;
    Object.assign(env, {
      GYM_CONFIG: gymFile, GYM_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn',
      WORKER_TOKENS: WORKER_TOKEN, JWT_SECRET: 'kill-test-jwt-secret-0123456789abcdef', METRICS_TOKEN,
      WEB_DIST_DIR: join(dir, 'no-dist'), CAPTURE_PUBLIC_URL: 'http://127.0.0.1:9',
    });
    const p = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
    procs.push(p);
    await until('the server to answer /health', async () => {
      if (p.exitCode !== null) throw new Error(`server exited ${p.exitCode}: ${err}`);
      return fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    }, 120_000);
    return p;
  }

  const repsCounted = async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return Number(/^gym_reps_total (\d+)/m.exec(text)?.[1] ?? 0);
  };

  async function worker(): Promise<Socket> {
    const s = connect(`http://127.0.0.1:${port}${NS.worker}`, { auth: { token: WORKER_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((res, rej) => s.once('connect', () => res()).once('connect_error', rej));
    return s;
  }

  afterAll(() => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every rep of the set once: before the kill, and after the restart with the worker resending', async () => {
    port = await freePort();
    const seq = generateSequence({ motion: 'squat', seed: 11, reps: 12, fps: 10, idleMs: 1500 });
    expect(seq.truth.reps).toBe(12);
    // Capture times a little ahead of the server clock, so that no wall-clock sweep ends the track while frames
    // are sent faster than real time.
    const t0 = Date.now() + 120_000;
    const frames = seq.frames.map((f, i) => frame('cam-a', i, t0 + f.t, [{ ...trackAt(7, 0.5, 0.9), skeleton: f.kp }]));
    const send = async (s: Socket, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const ack = (await s.timeout(10_000).emitWithAck('perception:frame', frames[i])) as { ok: boolean };
        expect(ack.ok).toBe(true);
      }
    };
    // The kill comes just after the 6th rep ended.
    const killAt = seq.frames.findIndex((f) => f.t > seq.truth.repEnds[5]! + 300);

    const first = await startServer();
    const w1 = await worker();
    await send(w1, 0, killAt);
    await until('the first six reps to be counted', async () => (await repsCounted()) >= 6);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    w1.close();

    await startServer();
    const w2 = await worker();
    // The worker resends its last 4 s, then the set goes on to its end.
    await send(w2, Math.max(0, killAt - 40), frames.length);
    await until('the rest of the set to be counted', async () => (await repsCounted()) >= 1);
    const second = procs.at(-1)!;
    w2.close();
    second.kill('SIGTERM'); // a clean stop closes the open set with its stored reps
    await new Promise((r) => second.once('exit', r));

    const h = await openDb({ dataDir: join(dataDir, 'pglite') });
    try {
      const storedSets = await h.db.select().from(sets).orderBy(sets.startedAt);
      const storedReps = await h.db.select().from(reps);
      const perSet = storedSets.map((st) => ({ reps: st.reps, rows: storedReps.filter((r) => r.setId === st.id).length, ended: st.endedAt !== null }));
      // Every set is closed and its count is its rep rows; all sets together hold the 12 reps, none twice.
      expect(perSet.every((p) => p.ended && p.reps === p.rows)).toBe(true);
      expect(storedSets.length).toBeGreaterThanOrEqual(2);
      expect(perSet[0]!.reps).toBeGreaterThanOrEqual(5);
      expect(storedReps.length).toBe(12);
      const times = storedReps.map((r) => r.at.getTime()).sort((a, b) => a - b);
      expect(new Set(times).size).toBe(12);
    } finally {
      await h.close();
    }
  }, 300_000);
});
