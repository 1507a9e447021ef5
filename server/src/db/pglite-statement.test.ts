import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { openTestDb, type TestDb } from '../testing/db.ts';
import { EmbeddingsRepository } from '../repositories/embeddings.repository.ts';
import { embeddedPglite, executeMessage, PgliteStatement, readResponse, StatementError, vectorBinary } from './pglite-statement.ts';

function rand(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}
function unit(dim: number, r: () => number): number[] {
  const v = Array.from({ length: dim }, () => r() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('prepared statements on the embedded PGlite', () => {
  let h: TestDb;
  beforeAll(async () => {
    h = await openTestDb('pglite');
  });
  afterAll(async () => {
    await h.close();
  });

  it('finds the PGlite behind a drizzle database, and nothing behind the postgres driver', async () => {
    expect(embeddedPglite(h.db)).toBe(h.pglite);
    // The postgres driver connects lazily: nothing listens at this address and nothing is tried.
    const client = postgres('postgres://nobody@127.0.0.1:9/none');
    expect(embeddedPglite(drizzle(client))).toBeNull();
    expect(embeddedPglite(null)).toBeNull();
    await client.end();
  });

  it('binds text, binary and NULL parameters and returns text rows', async () => {
    const s = new PgliteStatement(h.pglite!, `select $1::text as t, $2::vector(3)::text as v, $3::int is null as n`);
    const rows = await s.rows(['héllo', vectorBinary([1, -2.5, 0.125]), null]);
    expect(rows).toEqual([['héllo', '[1,-2.5,0.125]', 't']]);
    // Again (prepared once), and a second instance of the same text shares the statement.
    expect(await new PgliteStatement(h.pglite!, `select $1::text as t, $2::vector(3)::text as v, $3::int is null as n`).rows(['x', vectorBinary([0, 0, 1]), '1'])).toEqual([
      ['x', '[0,0,1]', 'f'],
    ]);
  });

  it('reports a database error by its SQLSTATE, and the session stays usable', async () => {
    const s = new PgliteStatement(h.pglite!, `select 1 / $1::int as x`);
    await expect(s.rows(['0'])).rejects.toMatchObject({ name: 'StatementError', code: '22012' });
    await expect(s.rows(['not a number'])).rejects.toBeInstanceOf(StatementError);
    // A binary vector whose header disagrees with its bytes is refused by pgvector, not misread.
    const bad = vectorBinary([1, 2, 3]).slice(0, 10);
    await expect(new PgliteStatement(h.pglite!, `select $1::vector(3)::text`).rows([bad])).rejects.toBeInstanceOf(StatementError);
    expect(await s.rows(['2'])).toEqual([['0']]);
    expect((await h.pglite!.query<{ x: number }>('select 41 + 1 as x')).rows[0]!.x).toBe(42);
  });

  it('prepares again when the session lost its statements', async () => {
    const s = new PgliteStatement(h.pglite!, `select $1::int + 1 as x`);
    expect(await s.rows(['1'])).toEqual([['2']]);
    await h.pglite!.exec('DEALLOCATE ALL');
    expect(await s.rows(['2'])).toEqual([['3']]);
  });

  it('never interleaves with a transaction on the same instance', async () => {
    await h.pglite!.exec('create table if not exists tx_probe (x int)');
    const s = new PgliteStatement(h.pglite!, `select count(*)::int from tx_probe`);
    let inside: (string | null)[][] | null = null;
    let pending: Promise<unknown> = Promise.resolve();
    await h.pglite!.transaction(async (t) => {
      await t.query('insert into tx_probe values (1)');
      // The statement waits for the transaction: were it run inside, it would see the row before the rollback.
      pending = s.rows([]).then((r) => (inside = r));
      await new Promise((r) => setTimeout(r, 20));
      expect(inside).toBeNull();
      await t.rollback();
    });
    await pending;
    expect(inside).toEqual([['0']]);
  });

  it('reads data rows, NULL columns and errors from raw protocol bytes', () => {
    // DataRow with two columns ('ab', NULL), CommandComplete, ReadyForQuery.
    const bytes = Uint8Array.from([0x44, 0, 0, 0, 16, 0, 2, 0, 0, 0, 2, 0x61, 0x62, 0xff, 0xff, 0xff, 0xff, 0x43, 0, 0, 0, 5, 0, 0x5a, 0, 0, 0, 5, 0x49]);
    expect(readResponse(bytes)).toEqual([['ab', null]]);
    expect(() => readResponse(bytes.slice(0, 12))).toThrow(/truncated/);
    // An empty statement name and portal, one binary and one NULL parameter.
    const m = executeMessage('', [Uint8Array.of(1, 2), null]);
    expect(String.fromCharCode(m[0]!)).toBe('B');
    expect(String.fromCharCode(m[m.length - 5]!)).toBe('S');
  });

  it('the embedded search gives the same neighbours and distances as the drizzle statement', async () => {
    const fast = new EmbeddingsRepository(h.db);
    const slow = new EmbeddingsRepository(h.db, { embeddedFastPath: false });
    const r = rand(11);
    const centres = Array.from({ length: 30 }, () => unit(512, r));
    for (let i = 0; i < 300; i++) {
      const c = centres[i % 30]!;
      const noise = unit(512, r);
      await fast.insert({ kind: 'body', model: 'agree', vector: c.map((x, j) => x + 0.5 * noise[j]!), trackletId: null, memberId: null });
    }
    for (let q = 0; q < 20; q++) {
      const query = centres[q]!.map((x) => x + 0.01 * (r() - 0.5));
      for (const owner of ['any', 'tracklet'] as const) {
        const a = await fast.nearest('body', 'agree', query, 5, owner);
        const b = await slow.nearest('body', 'agree', query, 5, owner);
        expect(a.map((x) => x.id)).toEqual(b.map((x) => x.id));
        a.forEach((x, i) => expect(x.distance).toBeCloseTo(b[i]!.distance, 6));
      }
    }
    expect((await fast.nearest('body', 'agree', centres[0]!, 5)).length).toBe(5);
  });
});
