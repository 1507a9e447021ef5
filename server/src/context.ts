/** Wires the services of one server instance (shared by the HTTP routes, the sockets, the CLI and tests). */
import { randomBytes } from 'node:crypto';
import type { GymConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';
import type { Db } from './db/client.ts';
import { DbWriter, type WriterOptions } from './db/writer.ts';
import { Topology } from './domain/identity/index.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { EventBus } from './services/event-bus.ts';
import { IdentityService, type IdentityOptions } from './services/identity.service.ts';
import { IngestService, type IngestOptions } from './ingest/ingest.service.ts';
import { PrivacyService } from './services/privacy.service.ts';
import { WorkoutsService } from './services/workouts.service.ts';
import { PoseRecorder } from './services/pose-recorder.ts';
import type { ExerciseEngineOptions } from '@gym/exercise';
import { TokenService } from './auth/tokens.ts';
import { Guard } from './auth/guard.ts';
import { UsersRepository } from './repositories/users.repository.ts';
import { MembersRepository } from './repositories/members.repository.ts';
import { AuditRepository } from './repositories/audit.repository.ts';
import { EmbeddingsRepository } from './repositories/embeddings.repository.ts';
import { GymsRepository } from './repositories/gyms.repository.ts';
import { CoachRepository } from './repositories/coach.repository.ts';
import { ProfilesRepository } from './repositories/profiles.repository.ts';
import { InvitesRepository } from './repositories/invites.repository.ts';
import { HistoryRepository } from './repositories/history.repository.ts';
import type { ClipStore } from './storage/clip-store.ts';
import { CameraCatalogue } from './services/camera-catalogue.service.ts';
import { PushRepository } from './repositories/push.repository.ts';
import { generateVapidKeys, PushService, type PushOptions } from './services/push.service.ts';
import { JobsRepository } from './repositories/jobs.repository.ts';
import { JobQueue, type JobQueueOptions } from './services/job-queue.service.ts';

export interface ContextOptions {
  db: Db;
  gym: GymConfig;
  logger: Logger;
  /** HS256 secret; random per process when omitted (tests). */
  jwtSecret?: string;
  accessTokenTtlS?: number;
  clips?: ClipStore | null;
  ingest?: IngestOptions;
  identity?: Partial<IdentityOptions>;
  metrics?: Metrics;
  exercise?: ExerciseEngineOptions;
  /** Web Push (VAPID keys; generated per process when omitted, e.g. in tests). */
  push?: Partial<PushOptions>;
  /** The database writer's queue bound, retries and spool file (db/writer.ts). */
  writer?: Pick<WriterOptions, 'maxQueue' | 'spoolFile' | 'retry'>;
  /** The durable delivery queue (summaries, pushes): poll, retries, backoff, autostart. */
  jobs?: Partial<JobQueueOptions>;
  /** This server's instance id (server-instance.ts): the owner of the sets and sessions it opens; null: none. */
  instanceId?: string | null;
  /** Diagnostics (GYM_RECORD_POSES): write the exercise engine's input here, one gym.poses/1 file per person. */
  recordPoses?: string | null;
}

export function createContext(o: ContextOptions) {
  const log = o.logger;
  const metrics = o.metrics ?? createMetrics();
  const writer = new DbWriter(o.db, log.child({ module: 'db-writer' }), () => metrics.dbWriteErrors.inc(), {
    ...o.writer,
    onDrop: (reason) => metrics.dbWritesDropped.inc({ reason }),
    onSpool: () => metrics.dbWritesSpooled.inc(),
    onSpoolDiskError: () => metrics.errors.inc({ area: 'spool-disk' }),
  });
  const bus = new EventBus();
  bus.on((e) => {
    if (e.type === 'camera.health') metrics.cameraUp.set({ camera: e.health.cameraId }, e.health.state === 'live' ? 1 : 0);
  });
  const topo = new Topology(o.gym.topology.links);
  const identity = new IdentityService(o.db, writer, topo, bus, metrics, log.child({ module: 'identity' }), {
    gymId: o.gym.gym.id,
    faceMatchThreshold: o.gym.identity.faceMatchThreshold,
    ...o.identity,
  });
  const ingest = new IngestService(o.gym, identity, writer, bus, metrics, log.child({ module: 'ingest' }), o.ingest);
  const workouts = new WorkoutsService(identity, writer, bus, metrics, log.child({ module: 'workouts' }), o.exercise, o.instanceId ?? null);
  const poseRecorder = o.recordPoses ? new PoseRecorder(workouts, { dir: o.recordPoses, log: log.child({ module: 'pose-recorder' }) }) : null;
  ingest.setSkeletonSink(poseRecorder ?? workouts);
  const tokens = new TokenService(o.jwtSecret ?? randomBytes(48).toString('base64url'), o.accessTokenTtlS);
  const users = new UsersRepository(o.db);
  const pushSubscriptions = new PushRepository(o.db);
  const jobsRepo = new JobsRepository(o.db);
  const jobs = new JobQueue(jobsRepo, log.child({ module: 'jobs' }), o.jobs);
  const gyms = new GymsRepository(o.db);
  return {
    db: o.db,
    gym: o.gym,
    log,
    metrics,
    writer,
    bus,
    topo,
    identity,
    ingest,
    workouts,
    poseRecorder,
    tokens,
    users,
    guard: new Guard(tokens, users),
    members: new MembersRepository(o.db),
    audit: new AuditRepository(o.db),
    gyms,
    /** Cameras, zones, homographies and topology now (file + console edits); `refresh()` after a change. */
    catalogue: new CameraCatalogue(o.gym, gyms, ingest, topo, log.child({ module: 'camera-catalogue' })),
    coach: new CoachRepository(o.db),
    profiles: new ProfilesRepository(o.db),
    invites: new InvitesRepository(o.db),
    history: new HistoryRepository(o.db),
    pushSubscriptions,
    jobsRepo,
    jobs,
    push: new PushService(pushSubscriptions, log.child({ module: 'push' }), { ...o.push, vapid: o.push?.vapid ?? generateVapidKeys('mailto:admin@gym.local') }, jobs),
    embeddings: new EmbeddingsRepository(o.db),
    clips: o.clips ?? null,
    privacy: new PrivacyService(o.db, o.clips ?? null, identity, writer),
  };
}
export type AppContext = ReturnType<typeof createContext>;
