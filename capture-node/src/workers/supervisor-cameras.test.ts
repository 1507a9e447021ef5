/**
 * Cameras added and removed at runtime (console cameras) reach the browser workers: placement, and each worker's
 * signaling token granting exactly its cameras (the old token stops working). Browsers are not started here;
 * the launch path is the one every worker uses (transport.integration.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import { TokenStore } from '../signaling/tokens.ts';
import { WorkerSupervisor } from './supervisor.ts';

function supervisor(assignments: string[][]) {
  const tokens = new TokenStore();
  const s = new WorkerSupervisor({ chromiumPath: '/nonexistent/chromium', baseUrl: 'http://127.0.0.1:1', assignments, tokens, logger: createLogger('test', { level: 'silent' }) });
  return { s, tokens, cams: () => s.workers.map((w) => w.cameras) };
}

describe('WorkerSupervisor: runtime cameras', () => {
  it('starts a new worker while under workers.count, then shares the least-loaded one, and refuses when full', () => {
    const { s, cams } = supervisor([['cam-a']]);
    expect(s.addCamera('cam-b', 2, 2)).toBe(true);
    expect(cams()).toEqual([['cam-a'], ['cam-b']]);
    expect(s.addCamera('cam-c', 2, 2)).toBe(true);
    expect(s.addCamera('cam-d', 2, 2)).toBe(true);
    expect(cams()).toEqual([['cam-a', 'cam-c'], ['cam-b', 'cam-d']]);
    expect(s.addCamera('cam-e', 2, 2)).toBe(false);
    expect(s.addCamera('cam-a', 2, 2)).toBe(true);
    expect(cams().flat().filter((c) => c === 'cam-a')).toHaveLength(1);
  });

  it('gives the worker a token for its new camera set and revokes the old one; a worker left empty goes', async () => {
    const { s, tokens, cams } = supervisor([['cam-a']]);
    const w = s.workers[0]!;
    const before = w.pageSecrets().token!;
    expect(tokens.check(before)?.cameras).toEqual(['cam-a']);
    s.addCamera('cam-b', 1, 4);
    const after = w.pageSecrets().token!;
    expect(tokens.check(after)?.cameras).toEqual(['cam-a', 'cam-b']);
    expect(tokens.check(before)).toBeNull();
    await s.removeCamera('cam-b');
    expect(cams()).toEqual([['cam-a']]);
    expect(tokens.check(w.pageSecrets().token!)?.cameras).toEqual(['cam-a']);
    s.addCamera('cam-x', 2, 1);
    expect(cams()).toEqual([['cam-a'], ['cam-x']]);
    const gone = s.workers[1]!.pageSecrets().token!;
    expect(tokens.check(gone)?.cameras).toEqual(['cam-x']);
    await s.removeCamera('cam-x');
    expect(cams()).toEqual([['cam-a']]);
    expect(tokens.check(gone)).toBeNull();
  });
});
