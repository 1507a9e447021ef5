import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createLogger } from '@gym/shared/logger.ts';
import { DbWriter } from '../db/writer.ts';
import { members, sets, workoutSessions, gyms } from '../db/schema/index.ts';
import { LocalClipStore } from '../storage/clip-store.ts';
import { openTestDb, type TestDb } from '../testing/db.ts';
import { ClipRecorder } from './clip-recorder.service.ts';
import { EventBus } from './event-bus.ts';

// A camera stand-in: ffmpeg's test pattern in real time (the recorder takes any ffmpeg input; RTSP in production).
const TEST_INPUT = ['-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10'];
const ENCODE = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p'];

describe('set clips', () => {
  let db: TestDb;
  const store = new LocalClipStore(mkdtempSync(join(tmpdir(), 'clips-')), 86_400_000, 1e9);
  const ids = { consenting: '', refusing: '' };
  beforeAll(async () => {
    db = await openTestDb('pglite');
    await db.db.insert(gyms).values({ id: 'g', name: 'G' });
    const [a, b] = await db.db.insert(members).values([{ gymId: 'g', displayName: 'A' }, { gymId: 'g', displayName: 'B' }]).returning();
    ids.consenting = a!.id;
    ids.refusing = b!.id;
  });
  afterAll(async () => {
    await db?.close();
  });

  async function newSet(memberId: string) {
    const [s] = await db.db.insert(workoutSessions).values({ memberId, startedAt: new Date() }).returning();
    const [set] = await db.db.insert(sets).values({ sessionId: s!.id, memberId, exercise: 'squat', startedAt: new Date() }).returning();
    return set!.id;
  }

  it('records a set from start to end and keeps it only for a member who consented', async () => {
    const bus = new EventBus();
    const log = createLogger('test', { level: 'silent' });
    const writer = new DbWriter(db.db, log);
    const rec = new ClipRecorder(store, writer, bus, log, {
      inputFor: (cam) => (cam === 'cam-a' ? TEST_INPUT : null),
      cameraOf: (personId) => (personId === 'nowhere' ? null : 'cam-a'),
      mayKeep: async (m) => m === ids.consenting,
      codecArgs: ENCODE,
      maxSeconds: 30,
    });
    const kept = await newSet(ids.consenting);
    const dropped = await newSet(ids.refusing);
    const base = { type: 'set' as const, at: Date.now(), exercise: 'squat', reps: 0 };
    bus.emit({ ...base, phase: 'started', personId: 'p1', memberId: ids.consenting, setId: kept });
    bus.emit({ ...base, phase: 'started', personId: 'p2', memberId: ids.refusing, setId: dropped });
    bus.emit({ ...base, phase: 'started', personId: 'nowhere', memberId: ids.consenting, setId: 'not-seen' });
    await new Promise((r) => setTimeout(r, 2500)); // let the "set" last a moment of real time
    // ...and until both recordings have video on disk: on a loaded machine ffmpeg's start-up alone can take seconds.
    const files = [...(rec as unknown as { active: Map<string, { file: string }> }).active.values()].map((r) => r.file);
    expect(files).toHaveLength(2);
    const bytes = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    await expect.poll(() => Math.min(...files.map(bytes)), { timeout: 30_000, interval: 100 }).toBeGreaterThan(1024);
    bus.emit({ ...base, phase: 'ended', personId: 'p1', memberId: ids.consenting, setId: kept, reps: 5 });
    bus.emit({ ...base, phase: 'ended', personId: 'p2', memberId: ids.refusing, setId: dropped, reps: 5 });
    bus.emit({ ...base, phase: 'ended', personId: 'nowhere', memberId: ids.consenting, setId: 'not-seen', reps: 5 });
    await rec.settle();
    await writer.drain();

    const [row] = await db.db.select().from(sets).where(eq(sets.id, kept));
    expect(row!.clipKey).toBe(`${ids.consenting}/${kept}.mp4`);
    const clip = await store.get(row!.clipKey!);
    expect(clip!.byteLength).toBeGreaterThan(1024);
    // The stored clip is a playable video of the set (about the 2.5 s it lasted).
    const file = join(mkdtempSync(join(tmpdir(), 'clip-')), 'c.mp4');
    (await import('node:fs')).writeFileSync(file, clip!);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
    expect(probe.stdout.trim()).toBe('h264,320,240');

    const [other] = await db.db.select().from(sets).where(eq(sets.id, dropped));
    expect(other!.clipKey).toBeNull();
    expect(await store.get(`${ids.refusing}/${dropped}.mp4`)).toBeNull();
    await rec.close();
  });

  it('a set that ends before ffmpeg has written anything leaves no clip and no warning', async () => {
    const bus = new EventBus();
    const lines: { level: number; msg: string }[] = [];
    const log = createLogger('test', { level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const writer = new DbWriter(db.db, log);
    // A camera that accepts the connection and sends nothing yet: the set ends while ffmpeg still waits for video
    // (as with RTSP, where the first seconds go to finding the stream's parameters), and ffmpeg exits with 1.
    let connections = 0;
    const silent = createServer(() => void connections++);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const rec = new ClipRecorder(store, writer, bus, log, {
      inputFor: () => ['-f', 'mpegts', '-i', `tcp://127.0.0.1:${port}`],
      cameraOf: () => 'cam-a',
      mayKeep: async () => true,
      maxSeconds: 30,
    });
    const setId = await newSet(ids.consenting);
    const base = { type: 'set' as const, at: Date.now(), exercise: 'squat', reps: 0, personId: 'p1', memberId: ids.consenting, setId };
    bus.emit({ ...base, phase: 'started' });
    // ffmpeg has connected and waits for video (on a loaded machine its start-up alone can take seconds).
    await expect.poll(() => connections, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    bus.emit({ ...base, phase: 'ended', reps: 1 });
    await rec.settle();
    await writer.drain();
    const [row] = await db.db.select().from(sets).where(eq(sets.id, setId));
    expect(row!.clipKey).toBeNull();
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.map((l) => l.msg)).toContain('set ended before its clip had video; no clip');
    await rec.close();
    silent.close();
  });
});
