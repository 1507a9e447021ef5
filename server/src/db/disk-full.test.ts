/**
 * #18 disk full for the spool and the clips, on a real 64 KiB tmpfs. While the database is away, the writer's
 * spool fills the disk: the writer logs one clear error (ENOSPC), never throws into the ingest, keeps every
 * durable write in memory and stores each rep once when the database is back; the spool file is whole again
 * afterwards. A clip that does not fit is refused with ENOSPC, leaves no cut file, and the clips already stored
 * stay intact. Skipped (said so) where a tmpfs cannot be mounted.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import { until } from '@gym/shared/testing/slow-client.ts';
import type { Db } from './client.ts';
import { reps, sets } from './schema/index.ts';
import { DbWriter } from './writer.ts';
import { LocalClipStore } from '../storage/clip-store.ts';
import { mountTinyDisk } from '../testing/tiny-disk.ts';

/** A database stand-in that is away while `down` (connection refused, a transient error) and records inserts. */
function flakyDb() {
  const state = { down: true, rows: [] as Record<string, unknown>[] };
  const db = {
    insert: () => ({
      values: (rows: Record<string, unknown>[]) => ({
        onConflictDoNothing: async () => {
          if (state.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
          state.rows.push(...rows);
        },
      }),
    }),
  } as unknown as Db;
  return { db, state };
}

// One disk each, so the spool filling its disk never decides the clip test.
const spoolDisk = mountTinyDisk(64);
const clipDisk = mountTinyDisk(64);
afterAll(() => {
  spoolDisk?.unmount();
  clipDisk?.unmount();
});

describe.skipIf(!spoolDisk || !clipDisk)('disk full (64 KiB tmpfs)', () => {
  it('keeps spooled reps in memory when the spool disk is full, says so once, and stores each rep once later', async () => {
    const lines: string[] = [];
    const log = createLogger('writer', {}, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    const { db, state } = flakyDb();
    const spoolFile = join(spoolDisk!.dir, 'spool/db-writer.jsonl');
    let diskErrors = 0;
    const w = new DbWriter(db, log, () => {}, { spoolFile, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 20 }, onSpoolDiskError: () => diskErrors++ });
    const setId = '11111111-1111-4111-8111-111111111111';
    w.insert(sets, { id: setId, sessionId: null, personId: null, memberId: null, exercise: 'squat', startedAt: new Date() } as never);
    // ~400 bytes a rep: 600 reps are far more than 64 KiB. Inserting never throws, full disk or not.
    const N = 600;
    for (let i = 1; i <= N; i++) {
      w.insert(reps, { id: `rep-${i}`, setId, memberId: null, index: i, at: new Date(), startedAt: new Date(), rom: 0.9, concentricMs: 400, eccentricMs: 400, form: [{ rule: 'depth', severity: 'info', message: 'x'.repeat(200) }] } as never);
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await until('every durable write to be spooled', () => w.spooled === N + 1);
    expect(diskErrors).toBe(1);
    const errorLine = lines.map((l) => JSON.parse(l)).find((l) => l.level === 50)!;
    expect(errorLine).toMatchObject({ code: 'ENOSPC', msg: expect.stringMatching(/spool file cannot be written/) });
    expect(readFileSync(spoolFile, 'utf8').length).toBeLessThanOrEqual(64 * 1024);

    // The database is back: everything in memory goes in, once; the spool file is rewritten (empty) on the disk.
    state.down = false;
    await w.drain();
    const stored = state.rows.filter((r) => typeof r.index === 'number').map((r) => r.index as number);
    expect(stored.sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(state.rows.filter((r) => r.id === setId)).toHaveLength(1);
    expect(w.spooled).toBe(0);
    expect(readFileSync(spoolFile, 'utf8')).toBe('');
    expect(lines.some((l) => l.includes('spool file written again'))).toBe(true);
    await w.close();
  });

  it('refuses a clip that does not fit with ENOSPC, leaves no cut file, and keeps the stored clips', async () => {
    const store = new LocalClipStore(join(clipDisk!.dir, 'clips'), 86_400_000, 1e9);
    const small = new Uint8Array(4096).fill(7);
    await store.put('m1/set-a.mp4', small);
    await expect(store.put('m1/set-b.mp4', new Uint8Array(256 * 1024).fill(9))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readdirSync(join(clipDisk!.dir, 'clips/m1'))).toEqual(['set-a.mp4']);
    expect(await store.get('m1/set-a.mp4')).toEqual(small);
    expect(await store.get('m1/set-b.mp4')).toBeNull();
    // Room again after a clip is deleted: the next one is stored.
    await store.delete('m1/set-a.mp4');
    await store.put('m1/set-c.mp4', small);
    expect(existsSync(join(clipDisk!.dir, 'clips/m1/set-c.mp4'))).toBe(true);
  });
});
