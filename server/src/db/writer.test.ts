import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import type { Db } from './client.ts';
import { embeddings, reps } from './schema/index.ts';
import { DbWriter, isPermanentError } from './writer.ts';

/** A Db stand-in that records every multi-row insert statement. */
function recordingDb(fail: () => Error | null = () => null) {
  const statements: unknown[][] = [];
  const db = {
    insert: () => ({
      values: (rows: unknown[]) => ({
        onConflictDoNothing: async () => {
          const e = fail();
          if (e) throw e;
          statements.push(rows);
        },
      }),
    }),
  } as unknown as Db;
  return { db, statements };
}

const log = createLogger('writer-test', { level: 'silent' });
const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const fast = { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };

describe('DbWriter', () => {
  it('sends rows enqueued one at a time in the same turn as one multi-row statement, in order', async () => {
    const { db, statements } = recordingDb();
    const w = new DbWriter(db, log);
    for (let i = 0; i < 20; i++) w.insert(reps, { id: `r${i}` } as never);
    await w.drain();
    expect(statements).toHaveLength(1);
    expect(statements[0]!.map((r) => (r as { id: string }).id)).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`));
  });

  it('counts and logs a write that retrying cannot fix, never throws it, and goes on with the next ones', async () => {
    let failNext = true;
    const { db, statements } = recordingDb(() => (failNext ? ((failNext = false), pgError('23503')) : null));
    const onError = vi.fn();
    const onDrop = vi.fn();
    const w = new DbWriter(db, log, onError, { ...fast, onDrop });
    w.insert(reps, { id: 'a' } as never);
    await w.drain();
    w.insert(reps, { id: 'b' } as never);
    await w.drain();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onDrop).toHaveBeenCalledWith('failed', 'insert reps');
    expect(statements).toEqual([[{ id: 'b' }]]);
    expect(w.pending).toBe(0);
  });

  it('retries a transient failure with backoff instead of dropping it', async () => {
    let failures = 2;
    const { db, statements } = recordingDb(() => (failures-- > 0 ? new Error('connection reset') : null));
    const w = new DbWriter(db, log, () => {}, { retry: { attempts: 5, baseDelayMs: 1 } });
    w.insert(reps, { id: 'a' } as never);
    await w.drain();
    expect(statements).toEqual([[{ id: 'a' }]]);
    expect(w.stats).toMatchObject({ retries: 2, dropped: 0, spooled: 0 });
  });

  it('bounds the queue by dropping the oldest track rows (counted), never a rep', async () => {
    let down = true;
    const { db, statements } = recordingDb(() => (down ? new Error('connection refused') : null));
    const onDrop = vi.fn();
    const w = new DbWriter(db, log, () => {}, { maxQueue: 100, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 }, onDrop });
    w.insert(reps, { id: 'r0' } as never);
    for (let i = 0; i < 1000; i++) w.insert(embeddings, { id: `e${i}` } as never);
    for (let i = 1; i <= 50; i++) w.insert(reps, { id: `r${i}` } as never);
    expect(w.pending).toBeLessThanOrEqual(100);
    expect(onDrop).toHaveBeenCalledWith('overflow', 'insert embeddings');
    down = false;
    await w.drain();
    const stored = statements.flat().map((r) => (r as { id: string }).id);
    expect(stored.filter((id) => id.startsWith('r'))).toEqual(Array.from({ length: 51 }, (_, i) => `r${i}`));
    expect(w.stats.dropped).toBeGreaterThanOrEqual(900);
  });

  it('treats a statement that never settles as an outage: retried after the timeout, and close() does not hang', async () => {
    let hang = 1;
    const statements: unknown[][] = [];
    const db = {
      insert: () => ({
        values: (rows: unknown[]) => ({
          onConflictDoNothing: () => (hang-- > 0 ? new Promise(() => {}) : (statements.push(rows), Promise.resolve())),
        }),
      }),
    } as unknown as Db;
    const w = new DbWriter(db, log, () => {}, { ...fast, statementTimeoutMs: 30 });
    w.insert(reps, { id: 'a' } as never);
    await w.drain();
    expect(statements).toEqual([[{ id: 'a' }]]);
    expect(w.stats.retries).toBe(1);

    // The database hangs for good, a rep and some track rows wait: close() spools the rep (no file: in memory) and ends.
    hang = Infinity;
    w.insert(reps, { id: 'b' } as never);
    w.insert(embeddings, { id: 'e' } as never);
    await w.close();
    expect(w.spooled).toBe(1);
    expect(w.pending).toBe(0);
  });

  it('tells errors that retrying cannot fix from outages', () => {
    expect(isPermanentError(pgError('23505'))).toBe(true);
    expect(isPermanentError(new Error('wrapped', { cause: pgError('22P02') }))).toBe(true);
    expect(isPermanentError(new RangeError('Invalid time value'))).toBe(true);
    expect(isPermanentError(pgError('57P01'))).toBe(false);
    expect(isPermanentError(pgError('08006'))).toBe(false);
    expect(isPermanentError(new Error('ECONNREFUSED'))).toBe(false);
  });
});
