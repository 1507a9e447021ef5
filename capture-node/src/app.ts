import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Server as IoServer } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '@gym/shared/logger.ts';
import type { CaptureConfig } from './config.ts';
import { bearerToken, createHttpServer, sameOrAllowedOrigin, sameSecret } from './http/http.server.ts';
import { createCaptureMetrics } from './http/metrics.ts';
import { CameraRegistry } from './ingest/camera-registry.ts';
import { probeCamera, snapshotJpeg } from './ingest/camera-probe.ts';
import { ServerCameraSync } from './ingest/server-camera-sync.ts';
import { CameraTestBody } from '@gym/shared';
import { Sfu } from './sfu/sfu.ts';
import { attachSignaling } from './signaling/signaling.server.ts';
import { CameraViewVerifier } from './signaling/camera-view.ts';
import { TokenStore } from './signaling/tokens.ts';
import { assignCameras } from './workers/assignment.ts';
import { perceptionPageParams } from './workers/page-params.ts';
import { WorkerSupervisor } from './workers/supervisor.ts';
import { CHROMIUM_FLAGS } from './workers/chromium.ts';
import { detectGpu, workerChromiumFlags } from './workers/gpu-flags.ts';

export interface CaptureNode {
  sfu: Sfu;
  cameras: CameraRegistry;
  /** Console cameras from the server (null without SERVER_URL). */
  cameraSync: ServerCameraSync | null;
  tokens: TokenStore;
  supervisor: WorkerSupervisor | null;
  http: HttpServer;
  /** http://host:port actually bound (port 0 → the chosen one). */
  baseUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra query parameters for worker pages (bench: `stamp=1`). */
  pageParams?: Record<string, string>;
  heartbeatTimeoutMs?: number;
}

/** Starts the SFU, every camera's ingest, signaling, the HTTP endpoints and (when enabled) the browser workers. */
export async function startCaptureNode(cfg: CaptureConfig, logger: Logger, opts: StartOptions = {}): Promise<CaptureNode> {
  const log = logger.child({ module: 'capture-node' });
  const sfu = new Sfu({ workerBin: cfg.workerBin, rtcMinPort: cfg.rtcMinPort, rtcMaxPort: cfg.rtcMaxPort, logger, workers: cfg.mediasoupWorkers });
  await sfu.start();
  const cameras = new CameraRegistry(cfg.gym.cameras, sfu, {
    logger,
    rtspTimeoutMs: cfg.rtspTimeoutMs,
    reconnectMaxMs: cfg.reconnectMaxMs,
    nodeId: cfg.nodeId,
    peers: { nodes: cfg.gym.nodes, token: cfg.peerToken, pipeIp: cfg.pipeIp, srtp: cfg.pipeSrtp },
  });
  if (cfg.nodeId && !cfg.gym.nodes.some((n) => n.id === cfg.nodeId)) log.warn({ nodeId: cfg.nodeId }, 'CAPTURE_NODE_ID is not among the gym config\'s nodes: every camera without a node is ingested here');
  if (cfg.nodeId && !cfg.peerToken && cfg.gym.cameras.some((c) => c.node && c.node !== cfg.nodeId && c.analysedOn === cfg.nodeId))
    log.warn('cameras of other nodes are to be analysed here but CAPTURE_PEER_TOKEN is unset: they are skipped');
  const tokens = new TokenStore(cfg.tokens, new CameraViewVerifier(cfg.jwtSecret));
  let supervisor: WorkerSupervisor | null = null;
  let tokenWatch: NodeJS.Timeout | null = null;

  const webRoot = existsSync(cfg.webDistDir) ? cfg.webDistDir : null;
  const metrics = createCaptureMetrics({
    cameras: () => cameras.list(),
    sfuRestarts: () => sfu.restarts,
    workers: () => supervisor?.status() ?? [],
  });
  const http = createHttpServer({
    logger,
    webRoot,
    allowedOrigins: cfg.allowedOrigins,
    // Off loopback (or in production) health and listings need a signaling token: they name processes and cameras.
    // /metrics also takes the scraper's METRICS_TOKEN, and needs a token whenever one is configured.
    authorize: (req: IncomingMessage, path: string) => {
      const presented = bearerToken(req);
      if (path === '/metrics' && cfg.metricsToken) return (presented !== null && sameSecret(presented, cfg.metricsToken)) || tokens.check(presented) !== null;
      return cfg.openStatus || tokens.check(presented) !== null;
    },
    // What the worker page's inference worker loads (web-perception/src/worker-page/perception-params.ts).
    mounts: [
      ['/models/', cfg.modelsDir],
      ['/ort/', cfg.ortWasmDir],
      ['/mediapipe/wasm/', cfg.mediapipeWasmDir],
    ],
    connectOrigins: [...new Set(cfg.serverUrls.map((u) => new URL(u).origin))],
    routes: {
      '/health': () => ({
        ok: true,
        sfu: { workerPid: sfu.workerPid, workerPids: sfu.workerPids, restarts: sfu.restarts },
        cameras: cameras.list().map((c) => c.health),
        workers: (supervisor?.status() ?? []).map(({ lastReport, ...w }) => ({ ...w, cameras: lastReport?.cameras ?? w.cameras })),
      }),
      '/cameras': () => cameras.list(),
    },
    textRoutes: {
      '/metrics': async () => ({ type: metrics.contentType, body: await metrics.metrics() }),
    },
    // Camera administration through the server (#16): probe a URL before adding it; a snapshot for the zone editor.
    handlers: [
      {
        method: 'POST',
        pattern: /^\/probe$/,
        handle: async (_m, body) => {
          const b = CameraTestBody.extend({ timeoutMs: z.number().int().min(500).max(30_000).optional() }).safeParse(body);
          if (!b.success) return { status: 400, body: { error: 'rtspUrl: must be an rtsp:// or rtsps:// URL' } };
          const t0 = Date.now();
          const result = await probeCamera(b.data.rtspUrl, b.data.timeoutMs ?? cfg.rtspTimeoutMs);
          // The reason is already free of the URL (explainFailure); the URL itself may carry credentials and is not logged.
          log.info({ ok: result.ok, ...(result.ok ? { snapshot: result.snapshot !== null } : { reason: result.error }), ms: Date.now() - t0 }, 'camera probe');
          return { status: 200, body: result };
        },
      },
      {
        method: 'GET',
        pattern: /^\/cameras\/([^/]+)\/snapshot$/,
        handle: async (m) => {
          const ingest = cameras.get(decodeURIComponent(m[1]!));
          if (!ingest) return { status: 404, body: { error: 'no such camera ingested here' } };
          try {
            return { status: 200, type: 'image/jpeg', body: await snapshotJpeg(ingest.camera.rtspUrl, cfg.rtspTimeoutMs) };
          } catch (e) {
            return { status: 502, body: { error: (e as Error).message } };
          }
        },
      },
    ],
  });
  const io = new IoServer(http, {
    serveClient: false,
    cors: { origin: cfg.allowedOrigins },
    // A browser page from another origin (not allowed) cannot even open the handshake; clients without Origin can.
    allowRequest: (req, cb) => cb(null, sameOrAllowedOrigin(req, cfg.allowedOrigins)),
  });
  // Only /signaling serves anything: the root namespace refuses every connection.
  io.use((_socket, next) => next(new Error('no such namespace: connect to /signaling')));
  attachSignaling({ io, sfu, cameras, tokens, announcedIp: cfg.announcedIp, rtcListenIp: cfg.rtcListenIp, pipeIp: cfg.pipeIp, pipeSrtp: cfg.pipeSrtp, logger });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(cfg.port, cfg.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const baseUrl = `http://${cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host}:${port}`;
  cameras.start();
  log.info({ url: baseUrl, cameras: cameras.ids().length }, 'capture-node listening');
  // Cameras added in the console: fetched from the server, ingested without a restart.
  // Their analysis: a browser worker with room takes them (a new one while fewer than workers.count run).
  const cameraSync = cfg.serverUrls.length
    ? new ServerCameraSync(cameras, {
        serverUrls: cfg.serverUrls,
        token: cfg.serverWorkerToken,
        everyMs: cfg.cameraSyncMs,
        logger,
        onChange: (added, removed) => {
          for (const id of removed) void supervisor?.removeCamera(id);
          for (const id of added)
            if (supervisor && !supervisor.addCamera(id, cfg.gym.workers.count, cfg.gym.workers.camerasPerWorker))
              log.warn({ cameraId: id }, 'console camera not analysed: every browser worker is full (workers.count × workers.camerasPerWorker)');
        },
      })
    : null;
  cameraSync?.start();

  if (cfg.workersEnabled && cfg.gym.workers.count > 0) {
    if (!webRoot || !existsSync(join(webRoot, 'web-perception/index.html')))
      log.warn({ dir: cfg.webDistDir }, 'worker page not built (run `npx vite build`): browser workers not started');
    else {
      // Multi-host: this node's browsers analyse the cameras assigned to it (`analysedOn`, else the ingesting node).
      const analysedHere = cameras.ids().filter((id) => {
        const c = cfg.gym.cameras.find((x) => x.id === id)!;
        return !cfg.nodeId || (c.analysedOn ?? c.node ?? cfg.nodeId) === cfg.nodeId;
      });
      const { workers, unassigned } = assignCameras(analysedHere, cfg.gym.workers.count, cfg.gym.workers.camerasPerWorker);
      if (unassigned.length) log.warn({ unassigned }, 'more cameras than worker capacity (workers.count × workers.camerasPerWorker)');
      if (cfg.serverUrl && !cfg.serverWorkerToken()) {
        log.warn('SERVER_URL is set but there is no worker token yet (CAPTURE_SERVER_WORKER_TOKEN, or the server\'s GYM_DATA_DIR/secrets/worker-token): worker pages run without perception until it appears');
        // The server writes its dev token when it first starts: reload the pages once it is there.
        tokenWatch = setInterval(() => {
          if (!cfg.serverWorkerToken()) return;
          clearInterval(tokenWatch!);
          tokenWatch = null;
          log.info('server worker token found: restarting worker pages with perception');
          supervisor?.restartAll('server worker token appeared');
        }, 2000);
      }
      if (!cfg.serverUrl) log.info('SERVER_URL unset: worker pages consume frames without running perception');
      const gpu = detectGpu(cfg.gpuMode);
      log.info({ gpu: gpu.gpu, devices: gpu.devices }, `worker browsers: ${gpu.reason}`);
      supervisor = new WorkerSupervisor({
        chromiumPath: cfg.chromiumPath,
        chromiumFlags: workerChromiumFlags(CHROMIUM_FLAGS, gpu),
        devtoolsPort: cfg.chromiumDevtools,
        baseUrl,
        assignments: workers,
        tokens,
        logger,
        ...(opts.heartbeatTimeoutMs ? { heartbeatTimeoutMs: opts.heartbeatTimeoutMs } : {}),
        // What the perception pipeline in the page needs besides its cameras (web-perception/src/worker-page/).
        pageParams: (cams) => perceptionPageParams(cfg, cams, opts.pageParams),
      });
      supervisor.start();
    }
  }

  let stopping: Promise<void> | null = null;
  return {
    sfu,
    cameras,
    cameraSync,
    tokens,
    get supervisor() {
      return supervisor;
    },
    http,
    baseUrl,
    stop() {
      stopping ??= (async () => {
        if (tokenWatch) clearInterval(tokenWatch);
        cameraSync?.stop();
        cameras.stop(); // kills every ffmpeg first
        await supervisor?.stop();
        await new Promise<void>((r) => io.close(() => r()));
        sfu.close();
        http.closeAllConnections();
        log.info('capture-node stopped');
      })();
      return stopping;
    },
  };
}
