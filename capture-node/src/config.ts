/**
 * capture-node's configuration: environment variables parsed once here, plus the gym config file (cameras,
 * workers) they point at. A bad variable or file stops start-up with the field named.
 */
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { version as mediasoupVersion } from 'mediasoup';
import { z } from 'zod';
import { envBool, envPort, isLoopback, parseEnv } from '@gym/shared/config/env.ts';
import { loadGymConfig, type GymConfig } from '@gym/shared/config/gym-config.ts';
import { ConfigError } from '@gym/shared/errors.ts';
import { secretSource } from './secrets.ts';
import { cachedWorkerBin } from './sfu/worker-bin.ts';

const repoRoot = resolve(import.meta.dirname, '../..');

export const DEV_CAPTURE_TOKEN = 'dev-capture-token';

export const CaptureEnv = z.object({
  GYM_CONFIG: z.string().default(resolve(repoRoot, 'config/gym.yaml')),
  /** Set-up caches (mediasoup worker build, footage); same default as scripts/lib.sh. */
  GYM_CACHE: z.string().optional(),
  XDG_CACHE_HOME: z.string().optional(),
  CAPTURE_HOST: z.string().default('127.0.0.1'),
  CAPTURE_PORT: envPort.default(8090),
  /** Address put into ICE candidates for WebRTC clients (the mini-PC's LAN address when consoles are remote). */
  CAPTURE_ANNOUNCED_IP: z.string().default('127.0.0.1'),
  /** Address WebRTC transports listen on (loopback by default; the LAN address when consoles are remote). */
  CAPTURE_RTC_LISTEN_IP: z.string().default('127.0.0.1'),
  /** `production` (either variable) refuses the dev signaling token and requires a token for /health, /cameras, /metrics. */
  NODE_ENV: z.string().optional(),
  GYM_ENV: z.string().optional(),
  /**
   * Browser origins (comma-separated) whose pages may use signaling and read /health cross-origin, besides the
   * server's (SERVER_URL's origin: the staff console). Others get no CORS header and their handshake is refused.
   */
  CAPTURE_ALLOWED_ORIGINS: z.string().default(''),
  CAPTURE_RTC_MIN_PORT: envPort.default(40000),
  CAPTURE_RTC_MAX_PORT: envPort.default(40999),
  /**
   * Signaling tokens, comma-separated; each `token` (every camera) or `token:cam-a+cam-b` (those cameras).
   * Worker pages get their own generated tokens. Unset → `dev-capture-token` for every camera (dev only).
   */
  CAPTURE_TOKENS: z.string().default('dev-capture-token'),
  /** Ceiling of the reconnect backoff (ms) for a camera that dropped. */
  CAPTURE_RECONNECT_MAX_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** RTSP socket timeout (ms) after which ffmpeg gives a silent camera up. */
  CAPTURE_RTSP_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  /** This capture node's id in the gym config's `nodes:` (multi-host); unset: ingest every camera. */
  CAPTURE_NODE_ID: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'letters, digits, _ and -').optional(),
  /** A token of the other nodes' CAPTURE_TOKENS granting every camera: this node pipes their cameras with it. */
  CAPTURE_PEER_TOKEN: z.string().min(8).optional(),
  /** Address pipe transports to other capture nodes listen on and announce (default: CAPTURE_RTC_LISTEN_IP). */
  CAPTURE_PIPE_IP: z.string().optional(),
  /**
   * SRTP on the pipe transports between capture nodes (keys exchanged over the peer-token signaling). On: this
   * node offers SRTP and, as a camera's owner, refuses a plain pipe. Every node of a gym must agree.
   */
  CAPTURE_PIPE_SRTP: envBool.default(true),
  /** Bearer token a Prometheus scraper presents for /metrics (instead of a capture token, which also opens video). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Worker binary; default: the set-up step's cached build. */
  MEDIASOUP_WORKER_BIN: z.string().optional(),
  /**
   * mediasoup worker processes (one core each); cameras are spread over them and piped to a client's worker.
   * Default: half the cores, 1 to 4 (the browsers doing perception need the rest).
   */
  CAPTURE_MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(32).default(Math.min(4, Math.max(1, Math.floor(availableParallelism() / 2)))),
  /** Start the headless Chromium workers (off: only ingest + SFU + signaling). */
  CAPTURE_WORKERS: envBool.default(true),
  /** Open each worker Chromium's DevTools port on localhost (debugging by hand); off: CDP goes over a pipe. */
  CAPTURE_CHROMIUM_DEVTOOLS: envBool.default(false),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /** Worker browsers on the GPU (WebGPU): auto = when /dev/dri/renderD* or /dev/nvidia* exists (workers/gpu-flags.ts). */
  CAPTURE_GPU: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Built browser apps (`npx vite build`); the worker page is <dir>/web-perception/index.html. */
  WEB_DIST_DIR: z.string().default(resolve(repoRoot, 'dist')),
  /** Prepared model files (`make models`), served to the worker pages at /models/. */
  MODELS_DIR: z.string().default(resolve(repoRoot, 'models')),
  /** The server the worker pages send perception results to (passed to them as `server=`). */
  SERVER_URL: z.string().url().optional(),
  /**
   * Several servers on one gym (docs/scaling.md): the servers the worker pages send to, in failover order, comma
   * separated (`server=` gets the list; a page moves to the next one when its connection is lost), and that the
   * console camera list is read from (the next one when one does not answer). Unset → SERVER_URL.
   */
  SERVER_URLS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().url())),
  /**
   * Token the worker pages present to the server's /worker namespace (one of the server's WORKER_TOKENS).
   * Unset → the server's generated dev token in `$GYM_DATA_DIR/secrets/worker-token`, read when a worker starts.
   */
  CAPTURE_SERVER_WORKER_TOKEN: z.string().min(1).optional(),
  /**
   * The worker pages' offline buffer: while a page has no server connection (a failover's gap, a restart) it keeps
   * the frames it analysed, at most this many per camera (the oldest go first; 0 turns it off) and none older than
   * CAPTURE_OFFLINE_BUFFER_MS, and sends them in order on the next connection (docs/scaling.md).
   */
  CAPTURE_OFFLINE_BUFFER_FRAMES: z.coerce.number().int().min(0).max(10_000).default(64),
  CAPTURE_OFFLINE_BUFFER_MS: z.coerce.number().int().min(1).max(600_000).default(15_000),
  /** How often (ms) capture-node asks the server for the cameras added in the console (needs SERVER_URL). */
  CAPTURE_CAMERA_SYNC_MS: z.coerce.number().int().min(200).max(600_000).default(2000),
  /** The server's data directory (same default as the server): where its generated dev secrets live. */
  GYM_DATA_DIR: z.string().default(resolve(repoRoot, '.gym/data')),
  /**
   * Secret the server signs camera-view grants with (the server's JWT_SECRET). Unset → the server's generated
   * `$GYM_DATA_DIR/secrets/jwt-secret`, read when a grant is first presented.
   */
  JWT_SECRET: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type CaptureEnv = z.infer<typeof CaptureEnv>;

export interface TokenGrant {
  token: string;
  /** Camera ids, or '*' for all. */
  cameras: string[] | '*';
}

export interface CaptureConfig {
  gym: GymConfig;
  host: string;
  port: number;
  announcedIp: string;
  rtcListenIp: string;
  rtcMinPort: number;
  rtcMaxPort: number;
  tokens: TokenGrant[];
  reconnectMaxMs: number;
  rtspTimeoutMs: number;
  workerBin: string;
  /** mediasoup worker processes. */
  mediasoupWorkers: number;
  /** Multi-host: this node's id, the token to pipe other nodes' cameras with, where pipes listen. */
  nodeId: string | null;
  peerToken: string | null;
  pipeIp: string;
  /** SRTP on pipes between nodes (CAPTURE_PIPE_SRTP). */
  pipeSrtp: boolean;
  workersEnabled: boolean;
  chromiumPath: string;
  /** Browser origins allowed cross-origin (CAPTURE_ALLOWED_ORIGINS + SERVER_URL's origin). */
  allowedOrigins: string[];
  /** /health, /cameras and /metrics answer without a token: only in dev with CAPTURE_HOST on loopback. */
  openStatus: boolean;
  /** METRICS_TOKEN: also reads /metrics; when set, /metrics needs it (or a capture token) even on loopback. */
  metricsToken: string | null;
  /** CAPTURE_CHROMIUM_DEVTOOLS: worker browsers open a DevTools port. */
  chromiumDevtools: boolean;
  gpuMode: CaptureEnv['CAPTURE_GPU'];
  webDistDir: string;
  modelsDir: string;
  /** Directories of the wasm runtimes the pages load (onnxruntime-web, MediaPipe tasks-vision). */
  ortWasmDir: string;
  mediapipeWasmDir: string;
  serverUrl: string | null;
  /** Where the worker pages send perception results, in failover order (SERVER_URLS, else SERVER_URL; [] → none). */
  serverUrls: string[];
  /** Console camera list poll period, ms. */
  cameraSyncMs: number;
  /** The worker pages' offline buffer (null: off). */
  offlineBuffer: { maxFramesPerCamera: number; maxAgeMs: number } | null;
  /** The server worker token now (env, else the server's dev file once it exists); null when neither. */
  serverWorkerToken: () => string | null;
  /** The camera-view JWT secret now (env, else the server's dev file once it exists); null when neither. */
  jwtSecret: () => string | null;
  logLevel: CaptureEnv['LOG_LEVEL'];
}

export function parseTokens(spec: string): TokenGrant[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [token, cams] = s.split(':', 2) as [string, string | undefined];
      return { token, cameras: cams ? cams.split('+').filter(Boolean) : '*' };
    });
}

export function gymCacheDir(env: Pick<CaptureEnv, 'GYM_CACHE' | 'XDG_CACHE_HOME'>): string {
  return env.GYM_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'smart-gym');
}

export function loadCaptureConfig(env: Record<string, string | undefined> = process.env): CaptureConfig {
  const e = parseEnv(CaptureEnv, env);
  const serverUrls = e.SERVER_URLS.length ? e.SERVER_URLS : e.SERVER_URL ? [e.SERVER_URL] : [];
  const tokens = parseTokens(e.CAPTURE_TOKENS);
  const production = e.NODE_ENV === 'production' || e.GYM_ENV === 'production';
  if (production && tokens.some((t) => t.token === DEV_CAPTURE_TOKEN))
    throw new ConfigError('environment', [{ field: 'CAPTURE_TOKENS', message: `set it in production: the dev token "${DEV_CAPTURE_TOKEN}" is refused` }]);
  return {
    gym: loadGymConfig(e.GYM_CONFIG),
    host: e.CAPTURE_HOST,
    port: e.CAPTURE_PORT,
    announcedIp: e.CAPTURE_ANNOUNCED_IP,
    rtcListenIp: e.CAPTURE_RTC_LISTEN_IP,
    rtcMinPort: e.CAPTURE_RTC_MIN_PORT,
    rtcMaxPort: e.CAPTURE_RTC_MAX_PORT,
    tokens,
    reconnectMaxMs: e.CAPTURE_RECONNECT_MAX_MS,
    rtspTimeoutMs: e.CAPTURE_RTSP_TIMEOUT_MS,
    workerBin: e.MEDIASOUP_WORKER_BIN ?? cachedWorkerBin(gymCacheDir(e), mediasoupVersion),
    mediasoupWorkers: e.CAPTURE_MEDIASOUP_WORKERS,
    nodeId: e.CAPTURE_NODE_ID ?? null,
    peerToken: e.CAPTURE_PEER_TOKEN ?? null,
    pipeIp: e.CAPTURE_PIPE_IP ?? e.CAPTURE_RTC_LISTEN_IP,
    pipeSrtp: e.CAPTURE_PIPE_SRTP,
    workersEnabled: e.CAPTURE_WORKERS,
    chromiumPath: e.CHROMIUM_PATH,
    chromiumDevtools: e.CAPTURE_CHROMIUM_DEVTOOLS,
    allowedOrigins: [...new Set([...serverUrls.map((u) => new URL(u).origin), ...e.CAPTURE_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean)])],
    openStatus: !production && isLoopback(e.CAPTURE_HOST),
    metricsToken: e.METRICS_TOKEN ?? null,
    gpuMode: e.CAPTURE_GPU,
    webDistDir: e.WEB_DIST_DIR,
    modelsDir: e.MODELS_DIR,
    ortWasmDir: resolve(repoRoot, 'node_modules/onnxruntime-web/dist'),
    mediapipeWasmDir: resolve(repoRoot, 'node_modules/@mediapipe/tasks-vision/wasm'),
    serverUrl: e.SERVER_URL ?? serverUrls[0] ?? null,
    serverUrls,
    cameraSyncMs: e.CAPTURE_CAMERA_SYNC_MS,
    offlineBuffer: e.CAPTURE_OFFLINE_BUFFER_FRAMES > 0 ? { maxFramesPerCamera: e.CAPTURE_OFFLINE_BUFFER_FRAMES, maxAgeMs: e.CAPTURE_OFFLINE_BUFFER_MS } : null,
    serverWorkerToken: secretSource(e.CAPTURE_SERVER_WORKER_TOKEN ?? null, e.GYM_DATA_DIR, 'worker-token'),
    jwtSecret: secretSource(e.JWT_SECRET ?? null, e.GYM_DATA_DIR, 'jwt-secret'),
    logLevel: e.LOG_LEVEL,
  };
}

export { isLoopback };
