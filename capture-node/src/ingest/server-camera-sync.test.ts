/**
 * The console camera list with several servers (SERVER_URLS): two local HTTP servers speaking the server's
 * `GET /api/capture/cameras`; the first one goes down, then the second, and the sync follows, saying why.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CameraConfig } from '@gym/shared/config/gym-config.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { ServerCameraSync, type SyncedRegistry } from './server-camera-sync.ts';

const TOKEN = 'worker-token-for-tests';

interface FakeServer {
  url: string;
  hits: number;
  cameras: { id: string; name: string; rtspUrl: string; transcode: 'auto' }[];
  up(): Promise<void>;
  down(): Promise<void>;
}

const servers: FakeServer[] = [];

async function fakeServer(): Promise<FakeServer> {
  let http: Server | null = null;
  let port = 0;
  const s: FakeServer = {
    url: '',
    hits: 0,
    cameras: [],
    async up() {
      http = createServer((req, res) => {
        if (req.url !== '/api/capture/cameras' || req.headers.authorization !== `Bearer ${TOKEN}`) {
          res.writeHead(401).end();
          return;
        }
        s.hits++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cameras: s.cameras }));
      });
      await new Promise<void>((r) => http!.listen(port, '127.0.0.1', r));
      port = (http.address() as AddressInfo).port;
      s.url = `http://127.0.0.1:${port}`;
    },
    async down() {
      const h = http;
      http = null;
      if (h) await new Promise<void>((r) => (h.closeAllConnections(), h.close(() => r())));
    },
  };
  await s.up();
  servers.push(s);
  return s;
}

/** The registry's bookkeeping of console cameras, without ingests (the sync only adds, compares and removes). */
function memoryRegistry(): SyncedRegistry & { ids: () => string[] } {
  const cams = new Map<string, CameraConfig>();
  return {
    added: () => [...cams.values()],
    has: (id) => cams.has(id),
    add: (cam) => (cams.has(cam.id) ? false : (cams.set(cam.id, cam), true)),
    remove: (id) => cams.delete(id),
    ids: () => [...cams.keys()].sort(),
  };
}

function logLines() {
  const lines: { level: number; msg: string; server?: string; previous?: string; next?: string; err?: string }[] = [];
  const logger = createLogger('test', { level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { lines, logger };
}

const cam = (id: string) => ({ id, name: id, rtspUrl: `rtsp://127.0.0.1:8554/${id}`, transcode: 'auto' as const });

afterEach(async () => {
  for (const s of servers.splice(0)) await s.down();
});

describe('console camera sync over several servers', () => {
  it('reads the list from the next server while the first is down, and back from the first when the second goes', async () => {
    const a = await fakeServer();
    const b = await fakeServer();
    a.cameras = b.cameras = [cam('lobby')];
    const registry = memoryRegistry();
    const { lines, logger } = logLines();
    const sync = new ServerCameraSync(registry, { serverUrls: [a.url, b.url], token: () => TOKEN, everyMs: 60_000, logger });

    await sync.syncOnce();
    expect(registry.ids()).toEqual(['lobby']);
    expect([a.hits, b.hits]).toEqual([1, 0]);

    // Server 1 goes down; a camera added in the console since is only known to (the database behind) server 2.
    await a.down();
    b.cameras = [cam('lobby'), cam('rack')];
    await sync.syncOnce();
    expect(registry.ids()).toEqual(['lobby', 'rack']);
    expect(sync.server).toBe(b.url);
    const why = lines.find((l) => l.msg.includes('trying the next one'));
    expect(why).toMatchObject({ server: a.url, next: b.url });
    expect(why!.err).toMatch(/ECONNREFUSED/);
    expect(lines.find((l) => l.msg.includes('now read from another server'))).toMatchObject({ server: b.url, previous: a.url });

    // The server that answered is asked first from then on, even once the first is back.
    await a.up();
    const hitsA = a.hits;
    await sync.syncOnce();
    expect(a.hits).toBe(hitsA);

    // Server 2 goes down: back to server 1, wrapping round the list.
    await b.down();
    a.cameras = [cam('rack')];
    await sync.syncOnce();
    expect(sync.server).toBe(a.url);
    expect(registry.ids()).toEqual(['rack']);
    expect(lines.filter((l) => l.msg.includes('now read from another server')).at(-1)).toMatchObject({ server: a.url, previous: b.url });
    expect(lines.some((l) => l.level >= 50)).toBe(false);
  });

  it('with every server down the cameras stay as they are, and the outage is logged once with each server\'s reason', async () => {
    const a = await fakeServer();
    const b = await fakeServer();
    a.cameras = [cam('lobby')];
    const registry = memoryRegistry();
    const { lines, logger } = logLines();
    const sync = new ServerCameraSync(registry, { serverUrls: [a.url, b.url], token: () => TOKEN, everyMs: 60_000, logger });
    await sync.syncOnce();
    await a.down();
    await b.down();
    for (let i = 0; i < 3; i++) await sync.syncOnce();
    expect(registry.ids()).toEqual(['lobby']);
    const outage = lines.filter((l) => l.msg.includes('cameras stay as they are'));
    expect(outage).toHaveLength(1);
    expect(outage[0]!.err).toContain(a.url);
    expect(outage[0]!.err).toContain(b.url);
    expect(lines.filter((l) => l.msg.includes('trying the next one'))).toHaveLength(1);
    await b.up();
    b.cameras = [cam('lobby')];
    await sync.syncOnce();
    expect(lines.at(-1)).toMatchObject({ msg: 'console camera list readable again', server: b.url });
  });

  it('a server that answers with something else than a camera list counts as down', async () => {
    const a = await fakeServer();
    const b = await fakeServer();
    (a as { cameras: unknown }).cameras = [{ id: 'x' }];
    b.cameras = [cam('lobby')];
    const registry = memoryRegistry();
    const { lines, logger } = logLines();
    await new ServerCameraSync(registry, { serverUrls: [a.url, b.url], token: () => TOKEN, everyMs: 60_000, logger }).syncOnce();
    expect(registry.ids()).toEqual(['lobby']);
    expect(lines.find((l) => l.msg.includes('trying the next one'))).toMatchObject({ server: a.url, err: 'not a camera list' });
  });
});
