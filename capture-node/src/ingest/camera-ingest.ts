import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { CameraHealth } from '@gym/shared';
import type { CameraConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';
import { producerRtpParameters } from '../sfu/media-codecs.ts';
import { ffmpegArgs, planIngest, scrubReason, type StreamProbe } from './ffmpeg-args.ts';
import { probeStream } from './probe.ts';

export interface IngestOptions {
  getRouter: () => types.Router | null;
  logger: Logger;
  rtspTimeoutMs: number;
  reconnectMaxMs: number;
}

interface IngestEvents {
  health: [CameraHealth];
  /** A producer for this camera is ready (consumers can be created). */
  producer: [types.Producer];
}

/**
 * One camera: RTSP → ffmpeg → RTP → PlainTransport → Producer, reconnecting with backoff. Each attempt owns its
 * transport, producer and ffmpeg; when any of them ends, the others are torn down and the camera goes `down`
 * with the reason, then retries. A failure here never touches another camera.
 */
export class CameraIngest extends EventEmitter<IngestEvents> {
  #health: CameraHealth;
  #producer: types.Producer | null = null;
  #attempt: Attempt | null = null;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  #probe: StreamProbe | null = null;
  #stopped = false;
  readonly #log: Logger;

  constructor(
    readonly camera: CameraConfig,
    private readonly opts: IngestOptions,
  ) {
    super();
    this.#log = opts.logger.child({ module: 'ingest', cameraId: camera.id });
    this.#health = { cameraId: camera.id, state: 'connecting', reason: null, since: Date.now() };
  }

  get health(): CameraHealth {
    return this.#health;
  }
  get producer(): types.Producer | null {
    return this.#producer && !this.#producer.closed ? this.#producer : null;
  }
  /** pid of the current ffmpeg (tests, diagnostics). */
  get ffmpegPid(): number | null {
    return this.#attempt?.ffmpeg?.pid ?? null;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Drops the current attempt (e.g. the router was replaced) and starts a new one right away. */
  restart(reason: string): void {
    this.#log.info({ reason }, 'restarting ingest');
    this.#drop();
    this.#failures = 0;
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#drop();
  }

  #setHealth(state: CameraHealth['state'], reason: string | null): void {
    if (this.#health.state === state && this.#health.reason === reason) return;
    const since = this.#health.state === state ? this.#health.since : Date.now();
    this.#health = { cameraId: this.camera.id, state, reason, since };
    if (state === 'down') this.#log.warn({ reason }, 'camera down');
    else this.#log.info({ state }, 'camera state');
    this.emit('health', this.#health);
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, delayMs);
  }

  async #run(): Promise<void> {
    if (this.#stopped || this.#attempt) return;
    const attempt: Attempt = { abort: new AbortController(), ffmpeg: null, transport: null, producer: null, ended: false, watchdog: null };
    this.#attempt = attempt;
    this.#setHealth('connecting', this.#health.state === 'down' ? this.#health.reason : null);
    try {
      const router = this.opts.getRouter();
      if (!router || router.closed) throw new Error('SFU not ready');
      const probe = this.#probe ?? (await probeStream(this.camera.rtspUrl, this.opts.rtspTimeoutMs, attempt.abort.signal));
      if (attempt.ended) return;
      const plan = planIngest(this.camera.transcode, probe);
      const transport = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux: false,
        comedia: true,
      });
      attempt.transport = transport;
      if (attempt.ended) return void transport.close();
      const ssrc = randomInt(1, 2 ** 31);
      const producer = await transport.produce({
        kind: 'video',
        rtpParameters: producerRtpParameters(plan.codec, ssrc, plan.profileLevelId),
        appData: { cameraId: this.camera.id },
      });
      attempt.producer = producer;
      if (attempt.ended) return void producer.close();
      await producer.enableTraceEvent(['keyframe']);
      producer.on('trace', (t) => {
        if (t.type === 'keyframe' && !attempt.ended && this.#health.state !== 'live') {
          this.#failures = 0;
          this.#probe = probe;
          this.#setHealth('live', null);
        }
      });
      producer.observer.once('close', () => this.#endAttempt(attempt, 'producer closed'));
      transport.observer.once('close', () => this.#endAttempt(attempt, 'transport closed'));

      const args = ffmpegArgs({
        rtspUrl: this.camera.rtspUrl,
        plan,
        rtpPort: transport.tuple.localPort,
        rtcpPort: transport.rtcpTuple?.localPort ?? transport.tuple.localPort + 1,
        ssrc,
        rtspTimeoutMs: this.opts.rtspTimeoutMs,
      });
      this.#log.info({ codec: plan.codec, passthrough: plan.passthrough, width: probe.width, height: probe.height }, 'starting ffmpeg');
      const ff = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      attempt.ffmpeg = ff;
      const lastErr: string[] = [];
      ff.stdout!.resume();
      ff.stderr!.setEncoding('utf8').on('data', (d: string) => {
        lastErr.push(...d.split('\n').filter(Boolean));
        lastErr.splice(0, Math.max(0, lastErr.length - 3));
      });
      ff.on('error', (e) => this.#endAttempt(attempt, `ffmpeg: ${e.message}`));
      ff.on('exit', (code, sig) => {
        attempt.ffmpeg = null;
        const why = lastErr.pop() ?? (sig ? `ffmpeg killed (${sig})` : code === 0 ? 'the camera ended the stream' : `ffmpeg exited (${code})`);
        this.#endAttempt(attempt, scrubReason(why, this.camera.rtspUrl) || 'stream ended');
      });
      this.#producer = producer;
      this.emit('producer', producer);
      attempt.watchdog = this.#watch(attempt, producer);
    } catch (e) {
      this.#endAttempt(attempt, scrubReason((e as Error).message, this.camera.rtspUrl));
    }
  }

  /** Kills ffmpeg when no RTP arrives for the RTSP timeout (a hung stream ffmpeg itself does not notice). */
  #watch(attempt: Attempt, producer: types.Producer): NodeJS.Timeout {
    let lastBytes = -1;
    let lastChange = Date.now();
    const limit = this.opts.rtspTimeoutMs + 3000;
    return setInterval(() => {
      producer
        .getStats()
        .then((stats) => {
          const bytes = stats.reduce((s, x) => s + x.byteCount, 0);
          if (bytes !== lastBytes) {
            lastBytes = bytes;
            lastChange = Date.now();
          } else if (Date.now() - lastChange > limit) this.#endAttempt(attempt, 'no video for too long');
        })
        .catch(() => undefined);
    }, 1000);
  }

  #endAttempt(attempt: Attempt, reason: string): void {
    if (attempt.ended) return;
    teardown(attempt);
    if (this.#attempt !== attempt) return;
    this.#attempt = null;
    this.#producer = null;
    if (this.#stopped) return;
    // Reconnects reuse what the camera sent last time (saves a probe round trip); ask it again after repeated failures.
    if (this.#failures >= 2) this.#probe = null;
    this.#setHealth('down', reason);
    const delay = Math.min(this.opts.reconnectMaxMs, 500 * 2 ** this.#failures);
    this.#failures++;
    this.#schedule(delay);
  }

  /** Ends the current attempt without a health change or retry (restart, stop). */
  #drop(): void {
    const a = this.#attempt;
    this.#attempt = null;
    this.#producer = null;
    if (a) teardown(a);
  }
}

function teardown(attempt: Attempt): void {
  attempt.ended = true;
  attempt.abort.abort();
  if (attempt.watchdog) clearInterval(attempt.watchdog);
  if (attempt.ffmpeg && attempt.ffmpeg.exitCode === null) attempt.ffmpeg.kill('SIGKILL');
  if (attempt.producer && !attempt.producer.closed) attempt.producer.close();
  if (attempt.transport && !attempt.transport.closed) attempt.transport.close();
}

interface Attempt {
  abort: AbortController;
  ffmpeg: ChildProcess | null;
  transport: types.PlainTransport | null;
  producer: types.Producer | null;
  ended: boolean;
  watchdog: NodeJS.Timeout | null;
}
