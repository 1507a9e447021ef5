import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { createLogger, safeUrl } from './logger.ts';

describe('logger', () => {
  it('logs request URLs without tokens in the path or values in the query', () => {
    expect(safeUrl('/api/invites/rXxIHZcsg10hosCtrKhUZTQAxErV5Udx427r7Qq2jLs/accept')).toBe('/api/invites/:token/accept');
    expect(safeUrl('/api/invites/short')).toBe('/api/invites/:token');
    expect(safeUrl('/api/members?search=Zelda&limit=5&search=x')).toBe('/api/members?search&limit');
    expect(safeUrl('/x/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature_1')).toBe('/x/:token');
    expect(safeUrl('/api/members/0b7c8f1e-3a6d-4c1b-9e2f-5d4a3b2c1d0e/sets')).toBe('/api/members/0b7c8f1e-3a6d-4c1b-9e2f-5d4a3b2c1d0e/sets');
    expect(safeUrl('/apps/console/assets/index-BxQ3l9kZ.js')).toBe('/apps/console/assets/index-BxQ3l9kZ.js');
  });

  it('never writes personal data: names, e-mails, tokens, embeddings, camera URLs', () => {
    let out = '';
    const sink = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
    const log = createLogger('test', {}, sink).child({ module: 'members' });
    log.info({ memberId: 'm-1', displayName: 'Alex Example', email: 'alex@example.com' }, 'member enrolled');
    log.info({ camera: { id: 'cam-1', rtspUrl: 'rtsp://admin:secret@10.0.0.9/s' } }, 'camera added');
    log.info({ track: { bodyEmbedding: [0.1, 0.2], faceEmbedding: { vector: [1, 2] } } }, 'embedding kept');
    log.info({ req: { headers: { authorization: 'Bearer abc.def' } } }, 'request');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ service: 'test', module: 'members', memberId: 'm-1', msg: 'member enrolled' });
    for (const secret of ['Alex Example', 'alex@example.com', 'secret@', '0.1,0.2', 'abc.def']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('never writes a failed query\'s parameters (names, e-mails, embeddings) from a database error', () => {
    let out = '';
    const sink = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
    const log = createLogger('test', {}, sink);
    const params = ['m-1', 'Alex Example', 'alex@example.com', '[0.1234,0.5678]'];
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    const err = new DrizzleQueryError('insert into "members" ("id", "name", "email", "embedding") values ($1, $2, $3, $4)', params, cause);
    log.error({ err, what: 'batched insert' }, 'background write failed');
    log.error({ error: err }, 'request failed');
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const secret of ['Alex Example', 'alex@example.com', '0.1234', '0.5678']) expect(out).not.toContain(secret);
    expect(lines[0].err.message).toContain('Failed query: insert into "members"');
    expect(lines[0].err.cause).toMatchObject({ code: '23505', message: 'duplicate key value violates unique constraint' });
    expect(lines[0].what).toBe('batched insert');
  });
});
