/**
 * #18 hostile input: a seeded, reproducible property-based run (fast-check) of > 10,000 malformed or hostile
 * inputs at the server's entry points: every REST route (bodies, query strings, path parameters, headers, face
 * uploads of the wrong type or size), socket.io events on /worker (the perception workers) and /live (console
 * and member PWA), and the files an operator hands the server (gym config, exercise YAML, pose recordings, RTSP
 * URLs). For each: no crash, an answer in the API's error shape (4xx / `{ ok: false, error }`, never a 5xx or
 * INTERNAL), and nothing stored changed by an input that was refused.
 * Reproduce a failure with the seed and path fast-check prints (FUZZ_SEED=… to try another seed).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { stringify as toYaml } from 'yaml';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '@gym/shared';
import { ConfigError, PoseFileError } from '@gym/shared/errors.ts';
import { loadGymConfig, parseGymConfig } from '@gym/shared/config/gym-config.ts';
import { parsePoseFrame, parsePosesHeader, readPoses, formatPoseFrame, formatPosesHeader } from '@gym/shared/poses/gym-poses.ts';
import { CATALOGUE } from '@gym/exercise';
import { parseExerciseYaml } from '@gym/exercise/exercise-yaml.ts';
import * as schema from './db/schema/index.ts';
import { client, frame, seedActors, startTestServer, trackAt, twoCameraGym, workerClient, type Actors, type TestServer } from './testing/server.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 18);
const RUNS = { rest: 4000, worker: 3000, live: 1500, config: 600, exercise: 400, poses: 800 }; // 10,300 inputs

// ---- hostile values -------------------------------------------------------------------------------------------

const nasty = fc.constantFrom<unknown>(
  '', ' ', '\u0000', '\uFFFF', '\uD800', '%', '%ZZ', '../../etc/passwd', '__proto__', 'constructor', '<script>alert(1)</script>',
  "' OR 1=1 --", '${jndi:ldap://x}', 'a'.repeat(10_000), -1, 0, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, 0.1, true, false, null,
  [], {}, [[[[[]]]]], { __proto__: { polluted: 1 } }, JSON.parse('{"__proto__":{"polluted":1}}'), 'rtsp://x:y@[::1', 'file:///etc/passwd',
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.double() },
);

/** All key paths of a plain JSON value (the places a mutation may hit). */
function pathsOf(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.slice(0, 5).forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}
function setPath(v: unknown, path: (string | number)[], value: unknown, drop: boolean): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (drop) delete o[last];
  else o[last] = value;
  return copy;
}
/** A valid value with one field replaced by a hostile one (or removed), so validation deep inside is reached. */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(JSON.parse(JSON.stringify(base)));
  return fc.tuple(fc.constantFrom(...paths), hostileValue, fc.boolean()).map(([p, v, drop]) => setPath(JSON.parse(JSON.stringify(base)), p, v, drop && p.length > 0));
}

// ---- stored data ---------------------------------------------------------------------------------------------

const TABLES = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable)).map((t) => getTableName(t));
/**
 * One digest of every table (the audit log aside: refusals of reads may be audited by design). Taken after the
 * writer has drained, so a write that is still queued from an earlier, accepted input does not count.
 */
async function digest(t: TestServer): Promise<string> {
  await t.app.ctx.writer.drain();
  // Row count and the newest row version (xmin: every insert or update, even of the same values, makes a newer one).
  const parts = TABLES.filter((n) => n !== 'audit_log').map((n) => `select '${n}' as t, count(*)::text as n, coalesce(max(xmin::text::bigint), 0)::text as h from "${n}"`);
  const r = await t.app.ctx.db.execute(sql.raw(parts.join(' union all ')));
  const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { t: string; n: string; h: string }[];
  return rows.map((x) => `${x.t}:${x.n}:${x.h}`).join('|');
}

describe('hostile input', () => {
  let t: TestServer;
  let a: Actors;

  beforeAll(async () => {
    t = await startTestServer('pglite', { loginRatePerMin: 1_000_000 });
    a = await seedActors(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it(`REST: ${RUNS.rest} hostile requests over every route get a clear 4xx, and a refused one changes nothing`, async () => {
    const routes = t.app.routes.filter((r) => !r.url.startsWith('/docs') && !r.url.includes('*'));
    const tokens = [undefined, a.admin, a.admin, a.trainerA, a.member1, 'not-a-jwt', `${a.admin.slice(0, -4)}AAAA`];
    const jpegHead = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const huge = Buffer.alloc(3 * 1024 * 1024, 0x61); // over the 2 MB body limit
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const validBodies: unknown[] = [
      { email: 'one@example.test', password: 'x' },
      { displayName: 'Fuzz', email: 'fuzz@example.test' },
      { kind: 'coaching', evidence: 'signed form' },
      { model: 'arcface', embeddings: [new Array(8).fill(0.1)] },
      { email: 'new@example.test', password: 'long enough password', role: 'trainer', cameras: ['cam-a'] },
      { cameras: ['cam-a'] },
      { faceMatchThreshold: 0.5 },
      { token: 'x'.repeat(20), zoneId: 'desk' },
      { text: 'hello coach' },
    ];
    type Body = { payload?: string | Buffer; type?: string };
    const body: fc.Arbitrary<Body> = fc.oneof(
      fc.constant({}),
      fc.jsonValue({ maxDepth: 4 }).map((v) => ({ payload: JSON.stringify(v), type: 'application/json' })),
      fc.oneof(...validBodies.map(mutated)).map((v) => ({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' })),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => ({ payload: s, type: 'application/json' })),
      fc.tuple(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('image/jpeg', 'image/png', 'multipart/form-data; boundary=x', 'application/octet-stream', 'text/plain', 'application/x-www-form-urlencoded'))
        .map(([b, type]) => ({ payload: Buffer.concat([jpegHead, Buffer.from(b)]), type })),
      fc.constant({ payload: huge, type: 'application/json' }),
      fc.constant({ payload: huge, type: 'image/jpeg' }),
      fc.constant({ payload: deep, type: 'application/json' }),
    );
    const param = fc.oneof(fc.constantFrom(a.member1Id, a.member2Id, randomUUID(), randomUUID().toUpperCase(), 'cam-a', '1', 'clips'), fc.string({ maxLength: 80 }), nasty.map(String));
    const query = fc.dictionary(fc.oneof(fc.constantFrom('limit', 'since', 'before', 'cameraId', 'kind', 'acknowledged'), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 40 }), nasty.map(String)), { maxKeys: 4 });
    const request = fc.record({
      route: fc.constantFrom(...routes),
      method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), { freq: 8 }),
      params: fc.array(param, { minLength: 3, maxLength: 3 }),
      query,
      body,
      token: fc.constantFrom(...tokens),
      authScheme: fc.constantFrom('Bearer ', 'Bearer ', 'bearer  ', 'Basic ', ''),
      rawPath: fc.boolean(),
    });

    // The digest does see a write (so an unchanged digest after a refusal means something).
    const d0 = await digest(t);
    const created = await t.app.http.inject({ method: 'POST', url: '/api/members', headers: { authorization: `Bearer ${a.admin}` }, payload: { displayName: 'Digest check' } });
    expect(created.statusCode).toBe(201);
    let before = await digest(t);
    expect(before).not.toBe(d0);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(request, async (q) => {
        let i = 0;
        // Encoded (lone surrogates cannot be), or raw: the router then sees bad escapes such as %ZZ.
        const enc = (v: string) => (q.rawPath ? v.replace(/[^\x21-\x7e]/g, '') || 'x' : encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD')));
        const path = q.route.url.replace(/:(\w+)/g, () => enc(q.params[i++] ?? 'x'));
        const qs = new URLSearchParams(q.query).toString();
        const method = (q.method ?? q.route.method) as 'GET';
        const where = `${method} ${path.slice(0, 120)}`;
        const res = await t.app.http.inject({
          method,
          url: qs ? `${path}?${qs}` : path,
          headers: { ...(q.token ? { authorization: `${q.authScheme}${q.token}` } : {}), ...(q.body.type ? { 'content-type': q.body.type } : {}) },
          ...(q.body.payload !== undefined && method !== 'GET' ? { payload: q.body.payload } : {}),
        });
        // A snapshot needs capture-node, which this test does not run: a well-formed request gets its 502.
        const upstream = res.statusCode === 502 && q.route.url === '/api/cameras/:id/snapshot' && JSON.parse(res.body).error?.code === 'CAPTURE_UNAVAILABLE';
        if (!upstream) expect(res.statusCode, `${where}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          refused++;
          const err = (JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } }).error;
          expect(typeof err?.code, `${where} ${res.statusCode}: ${res.body.slice(0, 200)}`).toBe('string');
          expect(typeof err?.message).toBe('string');
          if (method !== 'GET') expect(await digest(t), `${where} was refused (${res.statusCode}) but changed stored data`).toBe(before);
        } else if (method !== 'GET') before = await digest(t);
      }),
      { seed: SEED, numRuns: RUNS.rest, endOnFailure: true },
    );

    expect(refused).toBeGreaterThan(RUNS.rest / 2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);

  it(`/worker: ${RUNS.worker} hostile socket.io messages are refused with an error code, the socket stays up, nothing refused is stored`, async () => {
    const s = await workerClient(t.url);
    const errors: unknown[] = [];
    s.on('server:error', (e: unknown) => errors.push(e));
    const valid = frame('cam-a', 1, Date.now(), [trackAt(1, 0.5, 0.8, { skeleton: Array.from({ length: 33 }, () => [0.5, 0.5, 0, 0.9]) })]);
    const stats = { workerId: 'w1', cameras: [{ cameraId: 'cam-a', decodedFrames: 10, analysedFps: 5, droppedFrames: 0, width: 640, height: 480, lastFrameTs: Date.now(), stageMs: { detect: 10 } }], backend: 'wasm', at: Date.now() };
    const payload = fc.oneof(
      { weight: 4, arbitrary: mutated(valid) },
      { weight: 2, arbitrary: fc.anything({ maxDepth: 3 }) },
      { weight: 1, arbitrary: mutated(stats) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)) },
      { weight: 1, arbitrary: fc.constant({ ...valid, pad: 'x'.repeat(100_000) }) }, // over the 64 KB message limit
      { weight: 1, arbitrary: fc.constant(JSON.parse('['.repeat(2000) + ']'.repeat(2000))) },
    );
    const event = fc.constantFrom('perception:frame', 'perception:frame', 'perception:frame', 'worker:stats', 'nonsense', '__proto__');
    let before = await digest(t);
    let refused = 0;
    let seenWrites = 0;
    await fc.assert(
      fc.asyncProperty(event, payload, async (ev, p) => {
        if (ev !== 'perception:frame') {
          s.emit(ev, p);
          // An answer on the same socket comes after the message above was handled.
          await s.timeout(5000).emitWithAck('perception:frame', null);
          expect(s.connected).toBe(true);
          return;
        }
        const ack = (await s.timeout(5000).emitWithAck('perception:frame', p)) as { ok: boolean; error?: { code: string } };
        expect(typeof ack.ok).toBe('boolean');
        if (!ack.ok) {
          refused++;
          expect(ack.error?.code).toEqual(expect.any(String));
          expect(ack.error?.code).not.toBe('INTERNAL');
          expect(await digest(t), 'a refused frame changed stored data').toBe(before);
        } else {
          const now = await digest(t);
          if (now !== before) seenWrites++;
          before = now;
        }
        expect(s.connected).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS.worker, endOnFailure: true },
    );
    expect(refused).toBeGreaterThan(RUNS.worker / 3);
    expect(seenWrites).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    s.disconnect();
  }, 300_000);

  it('/worker: a message over the transport limit cuts that connection only; the server goes on', async () => {
    const s = await workerClient(t.url);
    const gone = new Promise((r) => s.once('disconnect', r));
    s.emit('perception:frame', { pad: 'x'.repeat(6_000_000) });
    await gone;
    const again = await workerClient(t.url);
    const ack = (await again.timeout(5000).emitWithAck('perception:frame', frame('cam-a', 2, Date.now(), []))) as { ok: boolean };
    expect(ack.ok).toBe(true);
    again.disconnect();
  });

  it(`/live: ${RUNS.live} hostile subscribe requests and unknown events get { ok: false } with a code, never INTERNAL`, async () => {
    const sockets: Socket[] = await Promise.all([a.member1, a.trainerA, a.admin].map((tok) => client(t.url, NS.live, tok)));
    const req = fc.oneof(mutated({ cameras: ['cam-a', 'cam-b'], memberId: a.member1Id }), fc.anything({ maxDepth: 3 }), hostileValue);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(2), req, fc.constantFrom('subscribe', 'subscribe', 'subscribe', 'event', 'perception:frame', 'x'), async (i, r, ev) => {
        const s = sockets[i]!;
        if (ev !== 'subscribe') s.emit(ev, r);
        const ack = (await s.timeout(5000).emitWithAck('subscribe', ev === 'subscribe' ? r : {})) as { ok: boolean; error?: { code: string } };
        expect(typeof ack.ok).toBe('boolean');
        if (!ack.ok) {
          refused++;
          expect(['VALIDATION', 'FORBIDDEN']).toContain(ack.error?.code);
        }
        expect(s.connected).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS.live, endOnFailure: true },
    );
    expect(refused).toBeGreaterThan(RUNS.live / 4);
    for (const s of sockets) s.disconnect();
  }, 300_000);

  it(`gym config and RTSP URLs: ${RUNS.config} hostile configs are refused with a ConfigError naming the field`, () => {
    const base = JSON.parse(JSON.stringify(twoCameraGym())) as { cameras: { rtspUrl: string }[] };
    const dir = mkdtempSync(join(tmpdir(), 'gym-fuzz-'));
    const rtsp = fc.oneof(fc.webUrl().map((u) => u.replace(/^https?/, 'rtsp')), fc.string({ maxLength: 100 }), nasty.map(String), fc.constantFrom('rtsp://', 'rtsp://a b/c', 'rtsp://[::1', 'rtsp://h:99999/x'));
    const input = fc.oneof(
      mutated(base).map((raw) => ({ raw })),
      rtsp.map((url) => ({ raw: { ...base, cameras: [{ ...base.cameras[0]!, rtspUrl: url }] } })),
      fc.anything({ maxDepth: 3 }).map((raw) => ({ raw })),
      fc.string({ unit: 'binary', maxLength: 400 }).map((text) => ({ text })),
      mutated(base).map((raw) => ({ text: toYaml(raw) })),
    );
    let refused = 0;
    fc.assert(
      fc.property(input, (x) => {
        try {
          if ('text' in x) {
            const f = join(dir, 'gym.yaml');
            writeFileSync(f, x.text);
            loadGymConfig(f);
          } else parseGymConfig(x.raw);
        } catch (e) {
          refused++;
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as ConfigError).message.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: RUNS.config, endOnFailure: true },
    );
    expect(refused).toBeGreaterThan(RUNS.config / 2);
  });

  it(`exercise YAML: ${RUNS.exercise} hostile files are refused with a ConfigError`, () => {
    const base = JSON.parse(JSON.stringify(CATALOGUE[0]));
    const text = fc.oneof(mutated(base).map((v) => toYaml(v)), fc.string({ unit: 'binary', maxLength: 400 }), fc.anything({ maxDepth: 3 }).map((v) => toYaml(v)), fc.constant('a: &a [*a, *a]\n'));
    // A tag that would run code elsewhere is only an unknown tag here (yaml warns once and keeps the string).
    expect(() => parseExerciseYaml({ source: 'fuzz.yaml', text: '!!js/function "x"' })).toThrow(ConfigError);
    fc.assert(
      fc.property(text, (s) => {
        try {
          parseExerciseYaml({ source: 'fuzz.yaml', text: s });
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }),
      { seed: SEED, numRuns: RUNS.exercise, endOnFailure: true },
    );
  });

  it(`pose files: ${RUNS.poses} hostile lines and byte streams fail with a PoseFileError naming the line`, async () => {
    const header = JSON.parse(formatPosesHeader(30));
    const poseFrame = JSON.parse(formatPoseFrame({ t: 0, kp: Array.from({ length: 33 }, () => [0.5, 0.5, 0, 1]) as never }));
    const line = fc.oneof(mutated(poseFrame).map((v) => JSON.stringify(v) ?? ''), mutated(header).map((v) => JSON.stringify(v) ?? ''), fc.string({ unit: 'binary', maxLength: 300 }));
    await fc.assert(
      fc.asyncProperty(line, fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 4 }), async (l, chunks) => {
        for (const parse of [() => parsePoseFrame(l, 2), () => parsePosesHeader(l, 1)]) {
          try {
            parse();
          } catch (e) {
            expect(e).toBeInstanceOf(PoseFileError);
          }
        }
        const source = (async function* () {
          yield `${JSON.stringify(header)}\n${l}\n`;
          for (const c of chunks) yield c;
        })();
        try {
          for await (const _ of readPoses(source)) void _;
        } catch (e) {
          expect(e).toBeInstanceOf(PoseFileError);
        }
      }),
      { seed: SEED, numRuns: RUNS.poses, endOnFailure: true },
    );
  });
});
