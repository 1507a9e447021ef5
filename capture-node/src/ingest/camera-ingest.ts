import { spawn, type ChildProcess } from 'node:child_process';
import { tiedToParent } from '@gym/shared/process/tied-child.ts';
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { CameraHealth } from '@gym/shared';
import type { CameraConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';
import { producerRtpParameters } from '../sfu/media-codecs.ts';
import { ffmpegArgs, planAnalysis, planIngest, scrubReason, type AnalysisOutput, type StreamProbe } from './ffmpeg-args.ts';
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
  #analysis: types.Producer | null = null;
  #router: types.Router | null = null;
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
  /** The router the live producers are on (null when not live). */
  get router(): types.Router | null {
    return this.producer ? this.#router : null;
  }
  /** The lower-resolution analysis stream's producer; null when the camera has none (or is not live). */
  get analysisProducer(): types.Producer | null {
    return this.#analysis && !this.#analysis.closed && this.producer ? this.#analysis : null;
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
    const attempt: Attempt = { abort: new AbortController(), ffmpeg: null, transport: null, producer: null, extra: [], ended: false, watchdog: null };
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

      const analysis = await this.#analysisOutput(router, probe, attempt);
      if (attempt.ended) return;

      const args = ffmpegArgs({
        rtspUrl: this.camera.rtspUrl,
        plan,
        rtpPort: transport.tuple.localPort,
        rtcpPort: transport.rtcpTuple?.localPort ?? transport.tuple.localPort + 1,
        ssrc,
        rtspTimeoutMs: this.opts.rtspTimeoutMs,
        analysis: analysis?.output ?? null,
      });
      const analysisInfo = analysis ? { analysisWidth: analysis.output.width, analysisFps: analysis.output.fps ?? null } : {};
      this.#log.info({ codec: plan.codec, passthrough: plan.passthrough, width: probe.width, height: probe.height, ...analysisInfo }, 'starting ffmpeg');
      // Dies with capture-node even when it is SIGKILLed (no ffmpeg left pulling the camera).
      const ff = spawn(...tiedToParent('ffmpeg', args), { stdio: ['ignore', 'pipe', 'pipe'] });
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
      this.#analysis = analysis?.producer ?? null;
      this.#router = router;
      this.emit('producer', producer);
      attempt.watchdog = this.#watch(attempt, producer);
    } catch (e) {
      this.#endAttempt(attempt, scrubReason((e as Error).message, this.camera.rtspUrl));
    }
  }

  /**
   * The analysis stream's transport and producer, when the camera has one (`analysisStream` configured and the
   * camera wider than asked). Part of the attempt: when either closes, the whole attempt ends.
   */
  async #analysisOutput(router: types.Router, probe: StreamProbe, attempt: Attempt): Promise<{ producer: types.Producer; output: AnalysisOutput } | null> {
    const size = planAnalysis(this.camera.analysisStream, probe);
    if (!size) return null;
    const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
    attempt.extra.push(transport);
    if (attempt.ended) return null;
    const ssrc = randomInt(1, 2 ** 31);
    const producer = await transport.produce({
      kind: 'video',
      rtpParameters: producerRtpParameters('h264', ssrc, '42e01f'),
      appData: { cameraId: this.camera.id, stream: 'analysis', width: size.width, height: size.height },
    });
    attempt.extra.push(producer);
    producer.observer.once('close', () => this.#endAttempt(attempt, 'analysis producer closed'));
    transport.observer.once('close', () => this.#endAttempt(attempt, 'analysis transport closed'));
    const rtpPort = transport.tuple.localPort;
    return { producer, output: { rtpPort, rtcpPort: transport.rtcpTuple?.localPort ?? rtpPort + 1, ssrc, width: size.width, fps: size.fps } };
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
    this.#analysis = null;
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
    this.#analysis = null;
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
  for (const x of attempt.extra) if (!x.closed) x.close();
}

interface Attempt {
  abort: AbortController;
  ffmpeg: ChildProcess | null;
  transport: types.PlainTransport | null;
  producer: types.Producer | null;
  /** The analysis stream's transport and producer, when there is one. */
  extra: (types.PlainTransport | types.Producer)[];
  ended: boolean;
  watchdog: NodeJS.Timeout | null;
}
