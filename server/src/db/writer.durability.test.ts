/**
 * #18 durability: the database goes away in the middle of a set (the PostgreSQL connection is cut: the wire
 * server stops accepting and drops its clients), writes keep coming, the server is restarted while it is still
 * away, and then it comes back. Every completed rep and set is stored, once; track rows may be dropped (counted).
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import { freePort } from '@gym/shared/testing/free-port.ts';
import { applySearchSettings, openDb, type DbHandle } from './client.ts';
import { migrate } from './migrate.ts';
import { gyms, members, people, reps, sets, workoutSessions, embeddings } from './schema/index.ts';
import { DbWriter } from './writer.ts';

const log = createLogger('writer-durability', { level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DbWriter with the database connection cut', () => {
  const memberId = randomUUID();
  let pg: PGlite;
  let server: PGLiteSocketServer;
  let port: number;
  let h: DbHandle;
  const startWire = async () => {
    server = new PGLiteSocketServer({ db: pg, port, host: '127.0.0.1', maxConnections: 4 });
    await server.start();
  };
  beforeAll(async () => {
    pg = await PGlite.create('memory://', { extensions: { vector } });
    await applySearchSettings(pg);
    port = await freePort();
    await startWire();
    h = await openDb({ url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, max: 1 });
    await migrate(h);
    await h.db.insert(gyms).values({ id: 'g', name: 'G' });
    await h.db.insert(members).values({ id: memberId, gymId: 'g', displayName: 'Robin' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await server?.stop();
    await pg?.close();
  });

  // The statement in flight when the connection is cut never settles on postgres.js: statementTimeoutMs turns it
  // into a transient failure (retried, then spooled), and close() spools what waits behind it instead of waiting.
  it('spools the set and its reps to disk, survives a restart while the database is away, and stores each rep once', async () => {
    const spoolFile = join(mkdtempSync(join(tmpdir(), 'gym-spool-')), 'spool/db-writer.jsonl');
    const opts = { spoolFile, maxQueue: 200, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 200 }, statementTimeoutMs: 500 };
    const dropped: string[] = [];
    const w1 = new DbWriter(h.db, log, () => {}, { ...opts, onDrop: (r) => dropped.push(r) });
    const personId = randomUUID();
    const sessionId = randomUUID();
    const setId = randomUUID();
    const t0 = Date.now();
    w1.insert(people, { id: personId, gymId: 'g', firstSeenAt: new Date(t0), lastSeenAt: new Date(t0) });
    w1.insert(workoutSessions, { id: sessionId, personId, memberId: null, startedAt: new Date(t0) });
    w1.insert(sets, { id: setId, sessionId, personId, memberId: null, exercise: 'squat', startedAt: new Date(t0) });
    const rep = (i: number) => ({ setId, memberId: null, at: new Date(t0 + i * 1000), index: i, startedAt: new Date(t0 + i * 1000 - 800), rom: 0.9, concentricMs: 400, eccentricMs: 400 });
    for (let i = 1; i <= 3; i++) w1.insert(reps, rep(i));
    await w1.drain();
    expect((await h.db.select().from(reps).where(eq(reps.setId, setId))).length).toBe(3);

    // The connection is cut mid-set: reps 4..10, a form finding, the end of the set, and a flood of track rows.
    await server.stop();
    for (let i = 4; i <= 10; i++) w1.insert(reps, rep(i));
    w1.repForm(setId, 5, { rule: 'depth', severity: 'warn', message: 'go lower' });
    for (let i = 0; i < 2000; i++) w1.insert(embeddings, { id: randomUUID(), kind: 'body', model: 'm', vector: new Array(16).fill(0.1) } as never);
    w1.update('end set', sets, setId, { endedAt: new Date(t0 + 11_000), reps: 10 });
    // The person is identified while the database is away: the set must still reach the member's history.
    w1.update('bind member', people, personId, { memberId });
    w1.attribute(personId, memberId);
    await sleep(1500);
    expect(w1.pending).toBeLessThanOrEqual(200);
    expect(dropped.filter((r) => r === 'overflow').length).toBeGreaterThan(1000);
    // The server shuts down (or is killed after its last append) while the database is still away.
    await w1.close();
    expect(existsSync(spoolFile)).toBe(true);
    const lines = readFileSync(spoolFile, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(11); // 7 reps, the finding, the end of the set, the member bound and attributed

    // A new server process starts from the spool while the database is still away, then it comes back.
    const w2 = new DbWriter(h.db, log, () => {}, opts);
    await sleep(300);
    expect(w2.spooled).toBe(lines.length);
    await startWire();
    await w2.drain();
    expect(w2.spooled).toBe(0);
    expect(readFileSync(spoolFile, 'utf8')).toBe('');

    const stored = await h.db.select().from(reps).where(eq(reps.setId, setId)).orderBy(reps.index);
    expect(stored.map((r) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stored.find((r) => r.index === 5)!.form).toEqual([{ rule: 'depth', severity: 'warn', message: 'go lower' }]);
    expect(stored.every((r) => r.memberId === memberId)).toBe(true);
    const [set] = await h.db.select().from(sets).where(eq(sets.id, setId));
    expect(set).toMatchObject({ reps: 10, memberId });
    expect(set!.endedAt?.getTime()).toBe(t0 + 11_000);

    // Replaying the same spool again (a crash after the writes, before the file was cut) changes nothing.
    const w3 = new DbWriter(h.db, log, () => {}, { ...opts, spoolFile: null });
    for (const l of lines) (w3 as unknown as { spool: { append(e: unknown): void } }).spool.append(JSON.parse(l));
    w3.insert(reps, rep(10));
    await w3.drain();
    const again = await h.db.execute(sql`select count(*)::int as n from reps where set_id = ${setId}`);
    const n = (Array.isArray(again) ? again : (again as { rows: unknown[] }).rows)[0] as { n: number };
    expect(n.n).toBe(10);
    expect((await h.db.select().from(reps).where(eq(reps.setId, setId))).find((r) => r.index === 5)!.form).toHaveLength(1);
  }, 60_000);
});
