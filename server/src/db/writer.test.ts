import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import type { Db } from './client.ts';
import { reps } from './schema/index.ts';
import { DbWriter } from './writer.ts';

/** A Db stand-in that records every multi-row insert statement. */
function recordingDb(fail = () => false) {
  const statements: unknown[][] = [];
  const db = {
    insert: () => ({
      values: async (rows: unknown[]) => {
        if (fail()) throw new Error('disk full');
        statements.push(rows);
      },
    }),
  } as unknown as Db;
  return { db, statements };
}

const log = createLogger('writer-test', { level: 'silent' });

describe('DbWriter', () => {
  it('sends rows enqueued one at a time in the same turn as one multi-row statement, in order', async () => {
    const { db, statements } = recordingDb();
    const w = new DbWriter(db, log);
    for (let i = 0; i < 20; i++) w.insert(reps, { id: `r${i}` } as never);
    await w.drain();
    expect(statements).toHaveLength(1);
    expect(statements[0]!.map((r) => (r as { id: string }).id)).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`));
  });

  it('counts and logs a failed write, never throws it, and goes on with the next ones', async () => {
    let failNext = true;
    const { db, statements } = recordingDb(() => (failNext ? ((failNext = false), true) : false));
    const onError = vi.fn();
    const w = new DbWriter(db, log, onError);
    w.insert(reps, { id: 'a' } as never);
    await w.drain();
    w.insert(reps, { id: 'b' } as never);
    await w.drain();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(statements).toEqual([[{ id: 'b' }]]);
    expect(w.pending).toBe(0);
  });
});
