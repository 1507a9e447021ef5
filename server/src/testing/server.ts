/**
 * A real server for integration tests: migrated test database (either path), fastify + socket.io on a random
 * port, a two-camera gym with overlapping views, and helpers for real socket.io clients and logins.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { parseGymConfig, type GymConfig } from '@gym/shared/config/gym-config.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { NS, type PerceptionFrameInput } from '@gym/shared';
import { buildApp, type App, type AppDeps } from '../app.ts';
import { GymsRepository } from '../repositories/gyms.repository.ts';
import { createUser } from '../services/users.service.ts';
import { openTestDb, type DbPath, type TestDb } from './db.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClipStore } from '../storage/clip-store.ts';

export const WORKER_TOKEN = 'test-worker-token-0123456789';
export const PASSWORD = 'correct horse battery';
/** The Prometheus scraper's token on test servers (METRICS_TOKEN). */
export const METRICS_TOKEN = 'test-metrics-token-0123456789';

/** The server's /metrics text, read as the scraper does. */
export async function scrape(url: string): Promise<string> {
  const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!r.ok) throw new Error(`/metrics: ${r.status}`);
  return r.text();
}

/**
 * cam-a sees the floor straight (floor = 10·image), cam-b from the opposite side (x mirrored): the same person
 * appears at different image spots but the same floor spot.
 */
export function twoCameraGym(extra: Partial<Record<'identity', { faceMatchThreshold: number }>> = {}): GymConfig {
  return parseGymConfig({
    gym: { id: 'test-gym', name: 'Test Gym' },
    cameras: [
      { id: 'cam-a', name: 'A', rtspUrl: 'rtsp://127.0.0.1:1/a', homography: [10, 0, 0, 0, 10, 0, 0, 0, 1] },
      { id: 'cam-b', name: 'B', rtspUrl: 'rtsp://127.0.0.1:1/b', homography: [-10, 0, 10, 0, 10, 0, 0, 0, 1] },
      { id: 'cam-c', name: 'C', rtspUrl: 'rtsp://127.0.0.1:1/c' },
    ],
    zones: [
      { id: 'desk', name: 'Check-in', cameraId: 'cam-c', kind: 'checkin', polygon: [[0, 0], [0.3, 0], [0.3, 1], [0, 1]] },
      { id: 'staff-room', name: 'Members area', cameraId: 'cam-c', kind: 'members-only', polygon: [[0.6, 0], [1, 0], [1, 1], [0.6, 1]] },
      { id: 'door', name: 'Exit', cameraId: 'cam-b', kind: 'exit', polygon: [[0, 0], [0.1, 0], [0.1, 1], [0, 1]] },
    ],
    topology: { links: [{ from: 'cam-a', to: 'cam-b', overlap: true }, { from: 'cam-b', to: 'cam-c', minTransitS: 2, maxTransitS: 60 }] },
    ...extra,
  });
}

export interface TestServer {
  app: App;
  db: TestDb;
  url: string;
  gym: GymConfig;
  close(): Promise<void>;
}

/** `dataDir` (PGlite only): the database lives there, so a second server started on it sees the first one's rows. */
export async function startTestServer(path: DbPath, opts: Partial<AppDeps> = {}, dbOpts: { dataDir?: string } = {}): Promise<TestServer> {
  const db = await openTestDb(path, dbOpts);
  const gym = opts.gym ?? twoCameraGym();
  await new GymsRepository(db.db).syncFromConfig(gym);
  const clipsDir = mkdtempSync(join(tmpdir(), 'gym-clips-'));
  const app = await buildApp({
    db: db.db,
    gym,
    logger: createLogger('test', { level: 'silent' }),
    workerTokens: [WORKER_TOKEN],
    maxMessageBytes: 64 * 1024,
    sweepEveryMs: 0,
    clips: new LocalClipStore(clipsDir, 86_400_000, 1e9),
    metrics: { token: METRICS_TOKEN, open: false },
    // No background reminder checks unless a test asks (they would queue push jobs other tests count).
    reminders: { afterDays: 0 },
    ...opts,
  });
  await app.http.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.http.server.address() as { port: number };
  const url = `http://127.0.0.1:${addr.port}`;
  const sockets: Socket[] = [];
  return {
    app,
    db,
    url,
    gym,
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await db.close();
      rmSync(clipsDir, { recursive: true, force: true });
    },
  };
}

/** A connected socket.io client on a namespace (rejects on connect_error with its message). */
export function client(url: string, ns: string, token: string | undefined, extra: Record<string, unknown> = {}): Promise<Socket> {
  const s = connect(url + ns, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false, ...extra });
  return new Promise((res, rej) => {
    s.once('connect', () => res(s));
    s.once('connect_error', (e) => {
      s.close();
      rej(e);
    });
  });
}

export const workerClient = (url: string, token = WORKER_TOKEN) => client(url, NS.worker, token);

export async function sendFrame(s: Socket, f: PerceptionFrameInput | unknown) {
  return s.timeout(5000).emitWithAck('perception:frame', f) as Promise<{ ok: boolean; data?: { accepted: number }; error?: { code: string; message: string } }>;
}

export interface Actors {
  admin: string;
  trainerA: string;
  member1: string;
  member2: string;
  member1Id: string;
  member2Id: string;
}

export async function login(url: string, email: string, password = PASSWORD): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!r.ok) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

/** An admin, a trainer allowed on cam-a only, and two members with accounts. Returns their access tokens. */
export async function seedActors(t: TestServer): Promise<Actors> {
  const ctx = t.app.ctx;
  const m1 = await ctx.members.create(t.gym.gym.id, 'Member One', 'one@example.test');
  const m2 = await ctx.members.create(t.gym.gym.id, 'Member Two', 'two@example.test');
  await createUser(ctx, { email: 'admin@example.test', password: PASSWORD, role: 'admin' });
  await createUser(ctx, { email: 'trainer@example.test', password: PASSWORD, role: 'trainer', cameras: ['cam-a'] });
  await createUser(ctx, { email: 'one@example.test', password: PASSWORD, role: 'member', memberId: m1.id });
  await createUser(ctx, { email: 'two@example.test', password: PASSWORD, role: 'member', memberId: m2.id });
  const [admin, trainerA, member1, member2] = await Promise.all(
    ['admin', 'trainer', 'one', 'two'].map((u) => login(t.url, `${u}@example.test`)),
  );
  return { admin: admin!, trainerA: trainerA!, member1: member1!, member2: member2!, member1Id: m1.id, member2Id: m2.id };
}

export async function api(t: TestServer, method: string, path: string, token?: string, body?: unknown) {
  const r = await fetch(t.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, body: json as any };
}

/** Deterministic unit vector. */
export function unitVec(dim: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const v = Array.from({ length: dim }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** `base` nudged by small noise and renormalised (another photo of the same face). */
export function nudge(base: number[], seed: number, amount = 0.15): number[] {
  const n = unitVec(base.length, seed);
  const v = base.map((x, i) => x + amount * n[i]!);
  const k = Math.hypot(...v);
  return v.map((x) => x / k);
}

/** A person track at a foot point (bottom centre of the box). */
export function trackAt(trackId: number, footX: number, footY: number, extra: Record<string, unknown> = {}) {
  return { trackId, box: { x: footX - 0.05, y: footY - 0.4, w: 0.1, h: 0.4 }, quality: { score: 0.9, heightPx: 200 }, skeleton: null, ...extra };
}

export function frame(cameraId: string, seq: number, frameTs: number, tracks: unknown[]) {
  return { v: 1, cameraId, frameTs, seq, width: 640, height: 480, tracks };
}
