/**
 * The real server (server/src/app.ts on an in-memory PGlite, the server's own test set-up) on a given port, for the
 * perception loop test: it takes over the stand-in's port so the worker page reconnects to the real thing.
 * `seqs` taps the `/worker` namespace (a second listener; the server's own handler answers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGymConfig } from '@gym/shared/config/gym-config.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { NS } from '@gym/shared';
import { buildApp, type App } from '../../../server/src/app.ts';
import { GymsRepository } from '../../../server/src/repositories/gyms.repository.ts';
import { LocalClipStore } from '../../../server/src/storage/clip-store.ts';
import { openTestDb, type TestDb } from '../../../server/src/testing/db.ts';

export interface RealServer {
  app: App;
  /** `seq` of every perception frame that reached the server. */
  seqs: number[];
  /** A counter from the server's /metrics (summed over labels matching `labels`). */
  metric(name: string, labels?: string): Promise<number>;
  close(): Promise<void>;
}

export async function startRealServer(port: number, cameraIds: string[], workerToken: string): Promise<RealServer> {
  const db: TestDb = await openTestDb('pglite');
  const gym = parseGymConfig({ gym: { id: 'test-gym', name: 'Test Gym' }, cameras: cameraIds.map((id) => ({ id, name: id, rtspUrl: 'rtsp://127.0.0.1:1/x' })) });
  await new GymsRepository(db.db).syncFromConfig(gym);
  const clipsDir = mkdtempSync(join(tmpdir(), 'gym-clips-'));
  const app = await buildApp({ db: db.db, gym, logger: createLogger('test', { level: 'silent' }), workerTokens: [workerToken], sweepEveryMs: 0, metrics: { token: null, open: true }, clips: new LocalClipStore(clipsDir, 86_400_000, 1e9) });
  const seqs: number[] = [];
  app.io.of(NS.worker).on('connection', (s) => s.on('perception:frame', (raw: unknown) => seqs.push((raw as { seq: number }).seq)));
  await app.http.listen({ host: '127.0.0.1', port });
  return {
    app,
    seqs,
    async metric(name, labels = '') {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith(name) && l.includes(labels))
        .reduce((s, l) => s + Number(l.split(' ').at(-1)), 0);
    },
    async close() {
      await app.close();
      await db.close();
      rmSync(clipsDir, { recursive: true, force: true });
    },
  };
}
