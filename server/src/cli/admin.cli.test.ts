import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './admin.cli.ts';
import { freePort } from '../testing/db.ts';
import { nudge, unitVec } from '../testing/server.ts';
import { openTestDb, type TestDb } from '../testing/db.ts';
import { openDb } from '../db/client.ts';
import { members } from '../db/schema/index.ts';

describe('gym admin CLI (embedded database on disk)', () => {
  let dir: string;
  let env: Record<string, string>;
  let mem: TestDb | undefined;
  /** Runs a command; `onDisk` opens the configured embedded database like a user's run, else a shared in-memory one. */
  const exec = async (onDisk: boolean, argv: string[]) => {
    const out: string[] = [], err: string[] = [];
    const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env, ...(onDisk ? {} : { db: mem! }) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const cli = (...argv: string[]) => exec(false, argv);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gym-admin-'));
    writeFileSync(join(dir, 'gym.yaml'), '# my gym\ngym:\n  id: g\n  name: G\ncameras:\n  - id: door\n    name: Door # the front door\n    rtspUrl: rtsp://127.0.0.1:1/door\n');
    env = { GYM_CONFIG: join(dir, 'gym.yaml'), GYM_DATA_DIR: join(dir, 'data'), PORT: String(await freePort()), LOG_LEVEL: 'silent' };
    // Most commands share one in-memory database (each on-disk open + migration costs seconds here).
    mem = await openTestDb('pglite');
  });
  afterAll(async () => {
    await mem?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, migrates and keeps the embedded database on disk', { timeout: 240_000 }, async () => {
    const created = await exec(true, ['member', 'create', '--name', 'Disk Person']);
    expect(created.code).toBe(0);
    const h = await openDb({ dataDir: join(dir, 'data', 'pglite') });
    const rows = await h.db.select().from(members);
    await h.close();
    expect(rows.map((m) => [m.id, m.displayName])).toEqual([[created.out.trim(), 'Disk Person']]);
  });

  it('enrols a face only with consent, exports, and erases a member', async () => {
    const created = await cli('member', 'create', '--name', 'Robin', '--email', 'robin@example.test');
    expect(created.code).toBe(0);
    const id = created.out.trim();
    const face = unitVec(128, 9);
    const jsonl = join(dir, 'faces.jsonl');
    writeFileSync(jsonl, [
      JSON.stringify({ file: 'a.jpg', kind: 'face', model: 'faceres', embedding: nudge(face, 1, 0.05) }),
      JSON.stringify({ file: 'b.jpg', error: 'no face found' }),
      JSON.stringify({ file: 'c.jpg', kind: 'face', model: 'faceres', embedding: nudge(face, 2, 0.05) }),
    ].join('\n'));

    const noConsent = await cli('member', 'enrol', id, '--embeddings', jsonl);
    expect(noConsent.code).toBe(1);
    expect(noConsent.err).toMatch(/no face-identification consent: record it first/);
    expect((await cli('member', 'consent', id, '--kind', 'face_identification', '--evidence', 'signed form #1')).code).toBe(0);
    const enrolled = await cli('member', 'enrol', id, '--embeddings', jsonl);
    expect(enrolled).toMatchObject({ code: 0, out: `enrolled 2 face(s) for ${id} (model faceres)` });
    expect(enrolled.err).toContain('skipped b.jpg: no face found');

    const inv = await cli('member', 'invite', id, '--url', 'https://gym.example.test/', '--days', '3');
    expect(inv).toMatchObject({ code: 0, out: expect.stringMatching(/^https:\/\/gym\.example\.test\/apps\/member\/#\/join\/[A-Za-z0-9_-]{43}\n\(valid until /) });
    expect((await cli('member', 'invite', id, '--days', '90')).err).toMatch(/--days/);

    const acct = await cli('user', 'create', '--email', 'robin@example.test', '--role', 'member', '--member-id', id);
    expect(acct.code).toBe(0);
    expect((await cli('member', 'invite', id)).err).toMatch(/already has an account/);
    expect(acct.out).toMatch(/password: \S{12,}/);
    expect((await cli('user', 'create', '--email', 'robin@example.test', '--role', 'member', '--member-id', id)).err).toMatch(/exists/);

    const out = join(dir, 'export.json');
    expect((await cli('member', 'export', id, '--out', out)).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported).toMatchObject({ member: { id, displayName: 'Robin' }, accounts: [{ email: 'robin@example.test' }] });
    expect(exported.enrolledFaces).toHaveLength(2);

    expect((await cli('member', 'erase', id)).err).toMatch(/add --yes/);
    expect((await cli('member', 'erase', id, '--yes')).code).toBe(0);
    const gone = await cli('member', 'export', id);
    expect(gone).toMatchObject({ code: 1 });
    expect(gone.err).toMatch(/member not found/);
  });

  it('adds a camera to the config file keeping its comments, refuses bad ones, and reports unreachable streams', async () => {
    expect((await cli('camera', 'add', '--id', 'rack', '--name', 'Squat rack', '--rtsp', 'rtsp://127.0.0.1:1/rack')).code).toBe(0);
    const yaml = readFileSync(env.GYM_CONFIG!, 'utf8');
    expect(yaml).toContain('# the front door');
    expect(yaml).toMatch(/id: rack/);
    const dup = await cli('camera', 'add', '--id', 'rack', '--name', 'Again', '--rtsp', 'rtsp://127.0.0.1:1/x');
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/duplicate camera id "rack"/);
    expect((await cli('camera', 'add', '--id', 'web', '--name', 'W', '--rtsp', 'http://example.test/')).err).toMatch(/rtsp/);
    const t = await cli('camera', 'test', 'door', '--timeout', '3');
    expect(t.code).toBe(1);
    expect(t.err).toMatch(/cannot read the stream/);
    expect(t.err).not.toContain('rtsp://');
    expect((await cli('camera', 'test', 'nope')).err).toMatch(/no camera "nope"/);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});
