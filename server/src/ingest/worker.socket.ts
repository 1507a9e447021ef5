/**
 * `/worker` namespace: perception workers connect with a worker token, then stream `perception:frame` in either
 * wire form (per-track vectors, or all vectors of a frame packed into one buffer). Every message is size-checked
 * and validated with the shared schema; a bad one is counted and answered with an
 * error (ack and `server:error`), and never reaches the services or crashes the server.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Namespace, Server as SocketServer } from 'socket.io';
import { NS, WorkerStats, issuesOf, parsePerceptionFrame, type PerceptionFrame, type ServerToWorkerEvents, type WorkerToServerEvents } from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import type { Metrics } from '../metrics.ts';
import type { IngestService } from './ingest.service.ts';
import { approxSize } from './message-size.ts';
import { GymError } from '@gym/shared/errors.ts';
import type { WorkerStatsStore } from '../services/worker-stats.store.ts';
import type { ReplayFloors } from './replay-floors.ts';

export interface WorkerSocketDeps {
  io: SocketServer;
  ingest: IngestService;
  tokens: readonly string[];
  maxMessageBytes: number;
  /** Largest distance of a frame's frameTs from the server clock, ms (either way). */
  frameTsWindowMs: number;
  metrics: Metrics;
  log: Logger;
  now?: () => number;
  /** Where the latest `worker:stats` of each worker is kept for the health page; reports are dropped without it. */
  stats?: WorkerStatsStore;
  /**
   * Replay floors (replay-floors.ts): a socket's frames of a camera captured at or before the camera's floor are
   * replays (a restart, or a failover from another server). They are acknowledged, not processed
   * (`gym_ingest_rejected_total{reason="replayed"}`), so a rep already stored is not counted again. The floor is
   * looked up on the socket's first frame of each camera; that socket's frames wait for it, in order. None → off.
   */
  replayFloors?: ReplayFloors;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function tokenMatches(tokens: readonly string[], given: unknown): boolean {
  if (typeof given !== 'string' || !given) return false;
  const g = digest(given);
  let ok = false;
  for (const t of tokens) ok = timingSafeEqual(digest(t), g) || ok;
  return ok;
}

export function attachWorkerSocket(d: WorkerSocketDeps): Namespace<WorkerToServerEvents, ServerToWorkerEvents> {
  const ns = d.io.of(NS.worker) as Namespace<WorkerToServerEvents, ServerToWorkerEvents>;
  const log = d.log.child({ module: 'worker-socket' });
  const now = d.now ?? Date.now;
  ns.use((socket, next) => {
    if (tokenMatches(d.tokens, socket.handshake.auth?.token)) return next();
    d.metrics.ingestRejected.inc({ reason: 'auth' });
    next(Object.assign(new Error('bad worker token'), { data: { code: 'UNAUTHORIZED' } }));
  });

  ns.on('connection', (socket) => {
    /** The worker id this socket last reported stats for: a new socket naming a known id counts as a restart. */
    let statsWorkerId: string | null = null;
    d.metrics.workersConnected.inc();
    log.info({ socket: socket.id }, 'worker connected');
    socket.on('disconnect', (reason) => {
      d.metrics.workersConnected.dec();
      log.info({ socket: socket.id, reason }, 'worker disconnected');
    });

    const refuse = (reason: string, code: string, message: string, ack: unknown) => {
      d.metrics.ingestRejected.inc({ reason });
      const error = { code, message: message.slice(0, 500) };
      socket.emit('server:error', error);
      if (typeof ack === 'function') ack({ ok: false, error });
    };

    /** This socket's replay floor per camera, once looked up; frames wait behind `chain` while one is. */
    const floors = new Map<string, number | null>();
    let chain: Promise<void> = Promise.resolve();
    let waiting = 0;

    const take = (f: PerceptionFrame, ack: unknown, t0: number) => {
      try {
        const floor = floors.get(f.cameraId);
        if (floor != null && f.frameTs <= floor) {
          d.metrics.ingestRejected.inc({ reason: 'replayed' });
          if (typeof ack === 'function') ack({ ok: true, data: { accepted: 0 } });
          return;
        }
        const accepted = d.ingest.handleFrame(f);
        d.metrics.ingestFrames.inc({ camera: f.cameraId });
        d.metrics.ingestLag.observe(Math.max(0, now() - f.frameTs) / 1000);
        if (typeof ack === 'function') ack({ ok: true, data: { accepted } });
      } catch (err) {
        d.metrics.errors.inc({ area: 'ingest' });
        if (err instanceof GymError) return refuse('error', err.code, err.message, ack);
        log.error({ err }, 'frame processing failed');
        refuse('error', 'INTERNAL', 'internal error', ack);
      } finally {
        d.metrics.ingestProcessing.observe((performance.now() - t0) / 1000);
      }
    };

    socket.on('perception:frame', (msg: unknown, ack?: unknown) => {
      const t0 = performance.now();
      const size = approxSize(msg, d.maxMessageBytes);
      if (size > d.maxMessageBytes) return refuse('oversized', 'TOO_LARGE', `message over ${d.maxMessageBytes} bytes`, ack);
      // Per-track (v1) or packed (v2: one float buffer per frame); both decode to the same PerceptionFrame.
      const r = parsePerceptionFrame(msg);
      if (!r.success) {
        const issues = issuesOf(r.error).slice(0, 5);
        return refuse('invalid', 'VALIDATION', issues.map((i) => `${i.field}: ${i.message}`).join('; '), ack);
      }
      const f = r.data;
      // An impossible time (1e300, beyond Date's range, far off the clock) would be acknowledged, then fail the write.
      if (!(Math.abs(f.frameTs - now()) <= d.frameTsWindowMs))
        return refuse('bad_timestamp', 'VALIDATION', `frameTs: more than ${d.frameTsWindowMs} ms from the server clock`, ack);
      if (!d.ingest.hasCamera(f.cameraId)) return refuse('unknown_camera', 'UNKNOWN_CAMERA', `camera "${f.cameraId}" is not in the gym config`, ack);
      const rf = d.replayFloors;
      if (!rf || (waiting === 0 && floors.has(f.cameraId))) return take(f, ack, t0);
      waiting++;
      chain = chain
        .then(async () => {
          if (floors.has(f.cameraId)) return;
          const floor = await rf.floorFor(f.cameraId).catch((err: unknown) => {
            log.warn({ err, camera: f.cameraId }, 'replay floor lookup failed: frames of this camera are taken as new');
            return null;
          });
          floors.set(f.cameraId, floor);
          if (floor != null) log.info({ camera: f.cameraId, floor }, 'frames of this camera up to its last stored rep are replays');
        })
        .then(() => take(f, ack, t0))
        .finally(() => void waiting--);
    });

    socket.on('worker:stats', (msg: unknown) => {
      const r = WorkerStats.safeParse(msg);
      if (!r.success) return refuse('invalid', 'VALIDATION', 'bad worker:stats', undefined);
      if (!d.stats) return;
      if (statsWorkerId !== r.data.workerId) {
        statsWorkerId = r.data.workerId;
        d.stats.connected(r.data.workerId);
      }
      d.stats.record(r.data, now());
    });
  });
  return ns;
}
