/**
 * Builds the server: fastify (REST with OpenAPI at /docs, /metrics, the built browser apps) with socket.io on the
 * same port (`/worker` ingest, `/live` events). Kept apart from main.ts so tests and benches start it on a random
 * port with their own database.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Server as HttpServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyRateLimit from '@fastify/rate-limit';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Server as SocketServer } from 'socket.io';
import { ZodError } from 'zod';
import { GymError, ValidationError } from '@gym/shared/errors.ts';
import type { Logger } from '@gym/shared/logger.ts';
import type { GymConfig } from '@gym/shared/config/gym-config.ts';
import type { Db } from './db/client.ts';
import { ApiError } from './errors.ts';
import { createContext, type AppContext, type ContextOptions } from './context.ts';
import { ReplayFloors } from './ingest/replay-floors.ts';
import { lastStoredRepMs } from './services/workout-recovery.ts';
import { attachWorkerSocket } from './ingest/worker.socket.ts';
import { WorkerStatsStore } from './services/worker-stats.store.ts';
import { WorkerHealthService } from './services/worker-health.service.ts';
import { attachLiveSocket } from './live/live.socket.ts';
import type { SlowConsumerOptions } from './live/slow-consumers.ts';
import { attachRedisAdapter } from './live/cluster-adapter.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { membersRoutes } from './routes/members.routes.ts';
import { camerasRoutes } from './routes/cameras.routes.ts';
import { cameraAdminRoutes } from './routes/camera-admin.routes.ts';
import { CaptureClient } from './services/capture.client.ts';
import { systemRoutes } from './routes/system.routes.ts';
import { alertsRoutes } from './routes/alerts.routes.ts';
import { rosterRoutes } from './routes/roster.routes.ts';
import { RosterActivity } from './services/roster-activity.ts';
import { CameraHealthService } from './services/camera-health.service.ts';
import { ClipRecorder, rtspInput } from './services/clip-recorder.service.ts';
import { clipsRoutes } from './routes/clips.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { coachRoutes } from './routes/coach.routes.ts';
import { invitesRoutes } from './routes/invites.routes.ts';
import { meRoutes } from './routes/me.routes.ts';
import { profilesRoutes } from './routes/profiles.routes.ts';
import { pushRoutes } from './routes/push.routes.ts';
import { browserModelsRoutes, type BrowserModelDirs } from './routes/browser-models.routes.ts';
import { metricsRoutes, type MetricsAccess } from './routes/metrics.routes.ts';
import { InvitesService } from './services/invites.service.ts';
import { CoachService, type CoachOptions } from './services/coach.service.ts';
import { CoachSummaryService } from './services/coach-summary.service.ts';
import { RemindersService, type ReminderOptions } from './services/reminders.service.ts';
import { InSetCues } from './services/in-set-cues.service.ts';
import { KnowledgeRepository, readNotes } from './repositories/knowledge.repository.ts';

export interface AppDeps {
  db: Db;
  gym: GymConfig;
  logger: Logger;
  /** Directory of the vite build (dist/); served when it exists. */
  webDist?: string;
  /** A worker silent this long (no `worker:stats`, ms) is shown stale and raises a `worker_down` alert (default 15 s). */
  workerStaleMs?: number;
  /** Where the console's face enrolment loads the face models and onnxruntime-web from (default: the repo's). */
  browserModels?: BrowserModelDirs;
  /** Tokens perception workers must present on `/worker`. None → no worker can connect. */
  workerTokens?: string[];
  jwtSecret?: string;
  accessTokenTtlS?: number;
  maxMessageBytes?: number;
  /** Frames whose frameTs is further than this from the server clock (ms) are refused; default 10 min. */
  frameTsWindowMs?: number;
  loginRatePerMin?: number;
  clips?: ContextOptions['clips'];
  ingest?: ContextOptions['ingest'];
  identity?: ContextOptions['identity'];
  exercise?: ContextOptions['exercise'];
  /** The database writer's bound, retries and spool file (main: GYM_DATA_DIR/spool/db-writer.jsonl). */
  writer?: ContextOptions['writer'];
  /** Wall-clock sweep of silent cameras, ms (0 = off). */
  sweepEveryMs?: number;
  /** Re-read cameras/zones/topology from the database this often, ms (other servers' console edits); 0 = off. */
  catalogueRefreshMs?: number;
  /** This server's origin as members' phones reach it (invite links); null → taken from the staff's request. */
  publicUrl?: string | null;
  /** capture-node's public origin, told to the console for live video. */
  signalingUrl?: string | null;
  /** Record a clip of each set for members who consented (needs `clips`); default on. */
  recordClips?: boolean;
  clipMaxSeconds?: number;
  /**
   * capture-node's origin as the server reaches it; set → camera health is watched (events + camera_down alerts).
   * A gym config with `nodes:` has each of those watched instead.
   */
  captureUrl?: string | null;
  /** Capture token presented to capture-node's /health (CAPTURE_STATUS_TOKEN). */
  captureStatusToken?: string | null;
  /** Redis for socket.io's adapter when several servers serve one gym (live/cluster-adapter.ts); unset → one server. */
  redisUrl?: string | null;
  /** Web Push: VAPID keys (generated per process when omitted) and, in tests, an HTTPS agent. */
  push?: ContextOptions['push'];
  /** The coach's Claude client (no apiKey → the basic coach only). */
  coach?: CoachOptions;
  /** Training reminders by web push after days without a set (COACH_REMINDER_DAYS; 0 = off). */
  reminders?: Partial<ReminderOptions>;
  /** The durable delivery queue: poll, retries, backoff; `autostart: false` stores jobs without running them. */
  jobs?: ContextOptions['jobs'];
  /** Bound on what one /live client may leave unread before it is disconnected (live/slow-consumers.ts). */
  live?: SlowConsumerOptions;
  /** HTTP timeouts against slow-loris clients: whole headers within `headersMs`, the whole request within `requestMs`. */
  httpTimeouts?: Partial<HttpTimeouts>;
  /**
   * Replay floors (ingest/replay-floors.ts): a worker's first frames of a camera captured at or before the last rep
   * stored from that camera are replays (a restart, or a failover from another server): acknowledged, not counted.
   * On in the server (main.ts); off by default.
   */
  replayFloors?: boolean;
  /** This server's instance id (server-instance.ts): the owner of the sets and sessions it opens. */
  instanceId?: string | null;
  /** Who may read /metrics (METRICS_TOKEN; open only on a loopback dev server); default: admins only. */
  metrics?: MetricsAccess;
  /** Diagnostics (GYM_RECORD_POSES): a folder for the exercise engine's input, one gym.poses/1 file per person. */
  recordPoses?: string | null;
}

/** Slow-loris limits: a client must send its headers, and its whole request, within these (ms). */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  /** A connection silent this long (nothing sent either way; not an upgraded socket.io one) is closed. */
  idleMs: number;
  /** How often node checks the limits, ms; default 1000. */
  checkEveryMs?: number;
}
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 60_000, idleMs: 60_000 };

/** A route as fastify registered it (HEAD routes fastify adds for GETs are left out). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

export interface App {
  http: FastifyInstance;
  /** Every route registered, in order (the authorisation matrix test covers each one). */
  routes: readonly RegisteredRoute[];
  io: SocketServer;
  ctx: AppContext;
  /** The coach's post-set and post-session summaries (`idle()` waits for those in flight). */
  summaries: CoachSummaryService;
  /** Templated, rate-limited in-set cues to the member's live room. */
  cues: InSetCues;
  close(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '../..');
const defaultModelDirs: BrowserModelDirs = { modelsDir: resolve(repoRoot, 'models'), ortDir: resolve(repoRoot, 'node_modules/onnxruntime-web/dist') };

const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export async function buildApp(deps: AppDeps): Promise<App> {
  const ctx = createContext({
    db: deps.db,
    gym: deps.gym,
    logger: deps.logger,
    jwtSecret: deps.jwtSecret,
    accessTokenTtlS: deps.accessTokenTtlS,
    clips: deps.clips,
    ingest: deps.ingest,
    identity: deps.identity,
    exercise: deps.exercise,
    push: deps.push,
    jobs: deps.jobs,
    instanceId: deps.instanceId ?? null,
    recordPoses: deps.recordPoses ?? null,
    ...(deps.writer ? { writer: deps.writer } : {}),
  });
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...deps.httpTimeouts };
  const http = Fastify({
    loggerInstance: deps.logger.child({ module: 'http' }),
    bodyLimit: 2 * 1024 * 1024,
    // A client dribbling its headers or body (slow-loris) is answered 408 and cut off; answers themselves (an SSE
    // coach stream, a clip download) and socket.io after its upgrade are not limited by these.
    requestTimeout: timeouts.requestMs,
    // A connection that sends nothing at all is not covered by the header limit: the idle limit closes it.
    connectionTimeout: timeouts.idleMs,
    http: { headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs), connectionsCheckingInterval: timeouts.checkEveryMs ?? 1000 },
    // A URL the router refuses (bad encoding, a path parameter over the length limit) answers in the API's error shape.
    frameworkErrors: (err, _req, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      const r = reply as unknown as { status(n: number): { send(b: unknown): unknown } };
      r.status(status < 500 ? status : 400).send({ error: { code: (err as { code?: string }).code ?? 'BAD_REQUEST', message: err.message.slice(0, 200) } });
    },
  }) as unknown as FastifyInstance;
  const routes: RegisteredRoute[] = [];
  http.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);

  http.setErrorHandler((err, req, reply) => {
    if (err instanceof ApiError) return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    if (err instanceof ValidationError) return reply.status(400).send({ error: { code: err.code, message: err.message } });
    if (hasZodFastifySchemaValidationErrors(err))
      return reply.status(400).send({ error: { code: 'VALIDATION', message: err.validation.map((v) => `${v.instancePath && v.instancePath !== '/' ? v.instancePath : (err.validationContext ?? '')}: ${v.message}`).join('; ') } });
    if (err instanceof ZodError) return reply.status(400).send({ error: { code: 'VALIDATION', message: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.status(status).send({ error: { code: status === 429 ? 'RATE_LIMITED' : ((err as { code?: string }).code ?? 'BAD_REQUEST'), message: (err as Error).message } });
    ctx.metrics.errors.inc({ area: 'http' });
    req.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: err instanceof GymError ? err.code : 'INTERNAL', message: 'internal error' } });
  });

  // An unknown path or method answers in the API's error shape, like every other refusal.
  http.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}` } }));

  // Cross-origin isolation on every response, so the worker page gets wasm threads (SharedArrayBuffer).
  http.addHook('onSend', async (_req, reply) => {
    reply.headers(isolation);
  });

  await http.register(fastifyRateLimit, { global: false });
  await http.register(fastifySwagger, {
    openapi: {
      info: { title: 'Smart Gym server', version: '0.1.0', description: 'REST API of the gym server. Live events: socket.io namespace /live.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await http.register(fastifySwaggerUi, { routePrefix: '/docs' });

  http.get('/health', { schema: { hide: true } }, async () => ({ ok: true, gym: deps.gym.gym.id }));
  metricsRoutes(http, ctx, deps.metrics ?? { token: null, open: false });
  authRoutes(http, ctx, { loginRatePerMin: deps.loginRatePerMin ?? 10 });
  membersRoutes(http, ctx);
  invitesRoutes(http, ctx, new InvitesService(ctx, ctx.invites, ctx.profiles), { publicUrl: deps.publicUrl ?? null });
  meRoutes(http, ctx);
  profilesRoutes(http, ctx);
  pushRoutes(http, ctx);
  await ctx.catalogue.refresh();
  // Several servers share one database: each picks up the others' console edits within this period.
  const catalogueTimer = setInterval(() => void ctx.catalogue.refresh().catch((err: unknown) => deps.logger.warn({ err: (err as Error).message }, 'camera catalogue refresh failed')), deps.catalogueRefreshMs || 15_000);
  if (!deps.catalogueRefreshMs && deps.catalogueRefreshMs === 0) clearInterval(catalogueTimer);
  catalogueTimer.unref();
  camerasRoutes(http, ctx);
  cameraAdminRoutes(http, ctx, { capture: new CaptureClient(deps.captureUrl ?? null, deps.captureStatusToken ?? null), workerTokens: deps.workerTokens ?? [] });
  adminRoutes(http, ctx);
  alertsRoutes(http, ctx);
  const rosterActivity = new RosterActivity();
  const stopRosterActivity = ctx.bus.on((e) => rosterActivity.onEvent(e));
  rosterRoutes(http, ctx, rosterActivity);
  // Several capture hosts (gym config `nodes:`): every one is watched, each camera's health taken from its own node.
  const captureNodes = deps.gym.nodes.length ? deps.gym.nodes.map((n) => ({ id: n.id, url: n.url })) : deps.captureUrl ? [{ id: null, url: deps.captureUrl }] : [];
  const cameraHealth = captureNodes.length
    ? new CameraHealthService(captureNodes, ctx.bus, ctx.writer, deps.logger.child({ module: 'camera-health' }), deps.captureStatusToken ?? null, {
        ownerOf: (id) => deps.gym.cameras.find((c) => c.id === id)?.node,
      })
    : null;
  const workerStats = new WorkerStatsStore(deps.workerStaleMs ?? 15_000);
  const workerHealth = new WorkerHealthService(workerStats, ctx.bus, ctx.writer, deps.logger.child({ module: 'worker-health' }));
  systemRoutes(http, ctx, { signalingUrl: deps.signalingUrl ?? null, health: cameraHealth, workerStats });
  clipsRoutes(http, ctx);
  browserModelsRoutes(http, ctx, deps.browserModels ?? defaultModelDirs);
  const coachLog = deps.logger.child({ module: 'coach' });
  const knowledge = new KnowledgeRepository(deps.db);
  await knowledge.sync(readNotes());
  const coach = new CoachService(ctx.coach, ctx.members, ctx.bus, coachLog, deps.coach, knowledge);
  const summaries = new CoachSummaryService(coach, ctx.coach, ctx.members, ctx.bus, coachLog, {
    settled: () => ctx.writer.drain(),
    notify: (m, msg) => ctx.push.enqueue(m, msg),
    jobs: ctx.jobs,
  });
  const stopSummaries = summaries.watch();
  const cues = new InSetCues(ctx.bus, ctx.members, coachLog);
  const stopCues = cues.watch();
  const stopReminders = new RemindersService(deps.db, ctx.push, coachLog, { timezone: deps.gym.gym.timezone, ...deps.reminders }).watch();
  coachRoutes(http, ctx, coach);
  const clipRecorder = deps.clips && deps.recordClips !== false
    ? new ClipRecorder(deps.clips, ctx.writer, ctx.bus, deps.logger.child({ module: 'clips' }), {
        inputFor: (cameraId) => {
          const cam = deps.gym.cameras.find((c) => c.id === cameraId && c.enabled);
          return cam ? rtspInput(cam.rtspUrl) : null;
        },
        cameraOf: (personId) => ctx.identity.people.get(personId)?.tracklets.filter((t) => t.live).at(-1)?.span.cameraId ?? null,
        mayKeep: (memberId) => ctx.members.hasConsent(memberId, 'clips'),
        maxSeconds: deps.clipMaxSeconds ?? 120,
      })
    : null;

  if (deps.webDist && existsSync(deps.webDist)) {
    await http.register(fastifyStatic, { root: deps.webDist, prefix: '/' });
    http.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/apps/console/'));
  }

  const maxMessageBytes = deps.maxMessageBytes ?? 256 * 1024;
  // The transport limit sits above the app limit, so an oversized frame gets an error answer instead of a cut line.
  const io = new SocketServer(http.server as HttpServer, { maxHttpBufferSize: Math.max(1_000_000, maxMessageBytes * 4), cors: { origin: false } });
  // socket.io always has the main namespace; nothing is served there, so nobody may connect to it.
  io.of('/').use((_socket, next) => next(Object.assign(new Error('no such namespace: use /worker or /live'), { data: { code: 'NOT_FOUND' } })));
  attachWorkerSocket({ io, ingest: ctx.ingest, tokens: deps.workerTokens ?? [], maxMessageBytes, frameTsWindowMs: deps.frameTsWindowMs ?? 600_000, metrics: ctx.metrics, log: deps.logger, stats: workerStats, ...(deps.replayFloors ? { replayFloors: new ReplayFloors((cam) => lastStoredRepMs(ctx.db, cam), (cam) => ctx.ingest.lastFrameOf(cam)) } : {}) });
  const closeAdapter = deps.redisUrl ? await attachRedisAdapter(io, deps.redisUrl, deps.logger.child({ module: 'cluster' })) : null;
  const live = attachLiveSocket(io, ctx, { clustered: closeAdapter !== null, ...(deps.live ? { slowConsumers: deps.live } : {}) });

  cameraHealth?.start();
  workerHealth.start();
  if (ctx.jobs.o.autostart) ctx.jobs.start();
  const sweepEvery = deps.sweepEveryMs ?? 2000;
  const sweep = sweepEvery > 0 ? setInterval(() => ctx.ingest.sweep(Date.now()), sweepEvery) : null;
  sweep?.unref();

  return {
    http,
    routes,
    io,
    ctx,
    summaries,
    cues,
    async close() {
      if (sweep) clearInterval(sweep);
      clearInterval(catalogueTimer);
      stopRosterActivity();
      stopSummaries();
      stopCues();
      stopReminders();
      // Jobs not done now stay in the table for the next start.
      await ctx.jobs.stop();
      cameraHealth?.stop();
      workerHealth.stop();
      await clipRecorder?.close();
      await ctx.poseRecorder?.close();
      live.close();
      io.close();
      await closeAdapter?.();
      await http.close();
      // Durable writes the database does not take now stay in the spool for the next start.
      await ctx.writer.close();
    },
  };
}
