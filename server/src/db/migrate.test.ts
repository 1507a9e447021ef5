import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { parseGymConfig } from '@gym/shared/config/gym-config.ts';
import { DB_PATHS, openTestDb, type TestDb } from '../testing/db.ts';
import { migrate } from './migrate.ts';
import { embeddingRow, EmbeddingsRepository } from '../repositories/embeddings.repository.ts';
import { GymsRepository } from '../repositories/gyms.repository.ts';
import { embeddings, members } from './schema/index.ts';
import { DbWriter } from './writer.ts';
import { MembersRepository } from '../repositories/members.repository.ts';
import { createLogger } from '@gym/shared/logger.ts';

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

function unit(dim: number, seed: number): number[] {
  let s = seed;
  const v = Array.from({ length: dim }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe.each(DB_PATHS)('database on the %s path', (path) => {
  let h: TestDb;
  beforeAll(async () => {
    h = await openTestDb(path);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('applies every migration, and a second run is a no-op', async () => {
    const tables = rowsOf<{ table_name: string }>(
      await h.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`),
    ).map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining(['gyms', 'cameras', 'members', 'users', 'consents', 'people', 'tracklets', 'embeddings', 'workout_sessions', 'sets', 'reps', 'coaching_messages', 'audit_log']),
    );
    const before = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
    await migrate(h);
    const after = rowsOf<{ n: number }>(await h.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
    expect(before).toBeGreaterThanOrEqual(3);
    expect(after).toBe(before);
    const ext = rowsOf<{ extname: string }>(await h.db.execute(sql`select extname from pg_extension where extname = 'vector'`));
    if (path !== 'postgres-server') {
      expect(ext).toHaveLength(1);
    } else {
      // Debian 12's PostgreSQL has no pgvector: `vector` is the text domain of migration 0000, and no HNSW index exists.
      expect(ext).toHaveLength(0);
      const dom = rowsOf<{ typtype: string }>(await h.db.execute(sql`select typtype from pg_type where typname = 'vector'`));
      expect(dom).toEqual([{ typtype: 'd' }]);
      const hnsw = rowsOf<{ indexname: string }>(await h.db.execute(sql`select indexname from pg_indexes where indexdef ilike '%using hnsw%'`));
      expect(hnsw).toEqual([]);
    }
  });

  it('syncs gym and cameras from the config and stores members', async () => {
    const gyms = new GymsRepository(h.db);
    const cfg = parseGymConfig({
      gym: { id: 'g1', name: 'Test Gym' },
      cameras: [
        { id: 'a', name: 'A', rtspUrl: 'rtsp://127.0.0.1:1/a' },
        { id: 'b', name: 'B', rtspUrl: 'rtsp://127.0.0.1:1/b' },
      ],
    });
    await gyms.syncFromConfig(cfg);
    await gyms.syncFromConfig({ ...cfg, cameras: cfg.cameras.slice(0, 1) });
    const cams = await gyms.listCameras();
    expect(cams.map((c) => [c.id, c.enabled])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    const [m] = await h.db.insert(members).values({ gymId: 'g1', displayName: 'Alex' }).returning();
    expect(m!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('finds nearest embeddings through the code index, per kind, model and dimension', async () => {
    const repo = new EmbeddingsRepository(h.db);
    const [m] = await h.db.insert(members).values({ gymId: 'g1', displayName: 'Sam' }).returning();
    const target = unit(512, 7);
    for (let i = 0; i < 40; i++) await repo.insert({ kind: 'body', model: 'osnet_x0_25', vector: unit(512, 100 + i) });
    const targetId = await repo.insert({ kind: 'body', model: 'osnet_x0_25', vector: target, memberId: m!.id });
    // Same vector under another kind and another dimension must not be returned.
    await repo.insert({ kind: 'face', model: 'osnet_x0_25', vector: target });
    await repo.insert({ kind: 'body', model: 'osnet_x0_25', vector: unit(256, 7) });

    const near = await repo.nearest('body', 'osnet_x0_25', target.map((x) => x + 1e-4), 5);
    expect(near).toHaveLength(5);
    expect(near[0]!.id).toBe(targetId);
    expect(near[0]!.distance).toBeLessThan(1e-3);
    expect(near[1]!.distance).toBeGreaterThan(0.5);
    for (let i = 1; i < near.length; i++) expect(near[i]!.distance).toBeGreaterThanOrEqual(near[i - 1]!.distance);
    const members_ = await repo.nearest('body', 'osnet_x0_25', target, 5, 'member');
    expect(members_.map((n) => n.id)).toEqual([targetId]);
    await expect(repo.nearest('body', 'osnet_x0_25', target, 41)).rejects.toThrow(/k must be/);

    if (path === 'postgres-server') return; // no pgvector: no code index to use (checked above); the search scans
    await h.db.execute(sql`set enable_seqscan = off`);
    const plan = rowsOf<Record<string, string>>(
      await h.db.execute(sql.raw(`explain select id from embeddings where kind = 'body' order by code <~> '${'01'.repeat(256)}'::bit(512) limit 40`)),
    )
      .map((r) => Object.values(r)[0])
      .join('\n');
    await h.db.execute(sql`set enable_seqscan = on`);
    expect(plan).toContain('embeddings_code_body');
  });

  it('the index scan goes on past rows the filters drop (another model), so a rare model still gets k answers', async () => {
    const repo = new EmbeddingsRepository(h.db);
    const target = unit(512, 9);
    // 150 rows of another model right around the target, 8 of the asked-for model further away.
    for (let i = 0; i < 150; i++) {
      const noise = unit(512, 500 + i);
      await repo.insert({ kind: 'body', model: 'common', vector: target.map((x, j) => x + 0.02 * noise[j]!) });
    }
    const rare = [];
    for (let i = 0; i < 8; i++) rare.push(await repo.insert({ kind: 'body', model: 'rare', vector: unit(512, 900 + i) }));
    // Force the index (with so few rows the planner would rather scan the table, where filters are exact anyway).
    await h.db.execute(sql`set enable_seqscan = off`);
    const near = await repo.nearest('body', 'rare', target, 5);
    await h.db.execute(sql`set enable_seqscan = on`);
    expect(near).toHaveLength(5);
    for (const n of near) expect(rare).toContain(n.id);
  });

  it('migrate computes the search code of rows stored without one', async () => {
    const repo = new EmbeddingsRepository(h.db);
    const v = unit(512, 77);
    const id = await repo.insert({ kind: 'body', model: 'm', vector: v });
    await h.db.execute(sql`update embeddings set code = null`);
    expect(await repo.nearest('body', 'm', v, 1)).toHaveLength(0);
    const r = await migrate(h);
    expect(r.codesFilled).toBeGreaterThan(0);
    expect((await repo.nearest('body', 'm', v, 1))[0]!.id).toBe(id);
    expect((await migrate(h)).codesFilled).toBe(0);
  });

  it('embeddings stored through the ingest writer and by face enrolment carry their code, so the search finds them', async () => {
    const repo = new EmbeddingsRepository(h.db);
    const writer = new DbWriter(h.db, createLogger('test', { level: 'silent' }));
    const body = unit(512, 4242);
    writer.insert(embeddings, embeddingRow({ kind: 'body', model: 'written', vector: body }));
    await writer.drain();
    expect((await repo.nearest('body', 'written', body, 1)).length).toBe(1);
    const gym = parseGymConfig({ gym: { id: 'gw', name: 'W' }, cameras: [] });
    await new GymsRepository(h.db).syncFromConfig(gym);
    const [m] = await h.db.insert(members).values({ gymId: 'gw', displayName: 'Face' }).returning();
    const face = unit(128, 99);
    await new MembersRepository(h.db).addFaces(m!.id, 'enrolled', [face]);
    const found = await repo.nearest('face', 'enrolled', face, 1, 'member');
    expect(found.map((n) => n.memberId)).toEqual([m!.id]);
  });

  it('retention deletes old body embeddings of people seen on camera, never an enrolled member\'s or a face', async () => {
    const repo = new EmbeddingsRepository(h.db);
    const [m] = await h.db.insert(members).values({ gymId: 'g1', displayName: 'Ret' }).returning();
    const old = await repo.insert({ kind: 'body', model: 'ret', vector: unit(512, 1) });
    const fresh = await repo.insert({ kind: 'body', model: 'ret', vector: unit(512, 2) });
    const memberBody = await repo.insert({ kind: 'body', model: 'ret', vector: unit(512, 3), memberId: m!.id });
    const face = await repo.insert({ kind: 'face', model: 'ret', vector: unit(512, 4), memberId: m!.id });
    const ago = new Date(Date.now() - 48 * 3_600_000);
    await h.db.execute(sql`update embeddings set created_at = ${ago.toISOString()} where id in (${old}, ${memberBody}, ${face})`);
    const n = await repo.deleteBodiesBefore(new Date(Date.now() - 24 * 3_600_000));
    expect(n).toBe(1);
    const left = rowsOf<{ id: string }>(await h.db.execute(sql`select id from embeddings where model = 'ret'`)).map((r) => r.id);
    expect(left.sort()).toEqual([fresh, memberBody, face].sort());
  });

  it('erasing a member removes their embeddings by cascade', async () => {
    const repo = new EmbeddingsRepository(h.db);
    const [m] = await h.db.insert(members).values({ gymId: 'g1', displayName: 'Kim' }).returning();
    await repo.insert({ kind: 'face', model: 'faceres', vector: unit(1024, 3), memberId: m!.id });
    expect(await repo.countFor({ memberId: m!.id })).toBe(1);
    await h.db.execute(sql`delete from members where id = ${m!.id}`);
    expect(await repo.countFor({ memberId: m!.id })).toBe(0);
  });
});
