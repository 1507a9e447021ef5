import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
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
});
