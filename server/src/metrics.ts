/** Prometheus metrics (prom-client), one registry per app instance so tests and benches stay independent. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(opts: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    ingestFrames: new Counter({ name: 'gym_ingest_frames_total', help: 'Perception frames accepted', labelNames: ['camera'], registers: [registry] }),
    ingestRejected: new Counter({ name: 'gym_ingest_rejected_total', help: 'Perception messages refused', labelNames: ['reason'], registers: [registry] }),
    ingestLag: new Histogram({
      name: 'gym_ingest_lag_seconds',
      help: 'Frame capture time to server processing',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [registry],
    }),
    ingestProcessing: new Histogram({
      name: 'gym_ingest_processing_seconds',
      help: 'Server time spent on one frame',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
      registers: [registry],
    }),
    liveTracks: new Gauge({ name: 'gym_live_tracks', help: 'Tracks currently followed', registers: [registry] }),
    workersConnected: new Gauge({ name: 'gym_workers_connected', help: 'Perception workers connected', registers: [registry] }),
    cameraUp: new Gauge({ name: 'gym_camera_up', help: 'Camera state as capture-node reports it (1 live, 0 down or connecting)', labelNames: ['camera'], registers: [registry] }),
    identityDecisions: new Counter({ name: 'gym_identity_decisions_total', help: 'Track → person decisions', labelNames: ['via'], registers: [registry] }),
    faceMatches: new Counter({ name: 'gym_face_matches_total', help: 'Face identification outcomes', labelNames: ['outcome'], registers: [registry] }),
    dbWriteErrors: new Counter({ name: 'gym_db_write_errors_total', help: 'Background database writes that failed', registers: [registry] }),
    dbWritesDropped: new Counter({ name: 'gym_db_writes_dropped_total', help: 'Background writes dropped: overflow (track data over the queue bound) or failed for good', labelNames: ['reason'], registers: [registry] }),
    dbWritesSpooled: new Counter({ name: 'gym_db_writes_spooled_total', help: 'Durable writes (sets, reps) spooled to disk while the database was unavailable', registers: [registry] }),
    errors: new Counter({ name: 'gym_errors_total', help: 'Errors by area', labelNames: ['area'], registers: [registry] }),
    liveSlowClients: new Counter({ name: 'gym_live_slow_clients_total', help: 'Live (socket.io) clients disconnected for not reading their events (unsent backlog over the bound)', registers: [registry] }),
    repsStored: new Counter({ name: 'gym_reps_total', help: 'Reps counted and stored', registers: [registry] }),
  };
  return m;
}
export type Metrics = ReturnType<typeof createMetrics>;
