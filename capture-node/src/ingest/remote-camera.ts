/**
 * A camera ingested by another capture node (gym config `cameras[].node`), made consumable here through a
 * mediasoup PipeTransport pair: this node creates its end, asks the owner over its `/signaling` socket
 * (`pipe:create`, peer token) to create the other end and consume the camera into it, then produces the same
 * stream locally (same producer id). The owner's `camera:health` events on that socket drive the camera's health
 * here; when the owner's camera goes down or the socket drops, the local pipes close and consumers here are told
 * (`producerclose`), so they come back when the camera is live again.
 */
import { EventEmitter } from 'node:events';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { types } from 'mediasoup';
import { NS, type CameraHealth, type PipeOffer, type PipeSrtp, type StreamKind } from '@gym/shared';
import type { CameraConfig } from '@gym/shared/config/gym-config.ts';
import type { Logger } from '@gym/shared/logger.ts';

export interface RemoteCameraOptions {
  /** The owner node's base URL (gym config `nodes[].url`). */
  ownerUrl: string;
  /** A signaling token of the owner granting every camera (CAPTURE_PEER_TOKEN). */
  token: string;
  /** Address this node's pipe transports listen on and announce (reachable from the owner). */
  pipeIp: string;
  /** Encrypt the pipes (SRTP, keys exchanged over the signaling socket); default on. */
  srtp?: boolean;
  logger: Logger;
}

interface Events {
  health: [CameraHealth];
}

interface Pipe {
  transport: types.PipeTransport;
  producer: types.Producer;
}

/** The suite offered: AES-GCM (authenticated encryption), supported by every mediasoup 3 worker. */
const PIPE_SRTP_SUITE = 'AEAD_AES_256_GCM' as const;

export class RemoteCamera extends EventEmitter<Events> {
  #health: CameraHealth;
  #socket: Socket | null = null;
  /** `${routerId}:${stream}` → the pipe (or the pipe being made). */
  readonly #pipes = new Map<string, Promise<Pipe>>();
  readonly #log: Logger;

  constructor(
    readonly camera: CameraConfig,
    private readonly opts: RemoteCameraOptions,
  ) {
    super();
    this.#log = opts.logger.child({ module: 'remote-camera', cameraId: camera.id, node: camera.node });
    this.#health = { cameraId: camera.id, state: 'connecting', reason: `ingested on node ${camera.node}`, since: Date.now() };
  }

  get health(): CameraHealth {
    return this.#health;
  }

  /** The open pipes' SRTP crypto suites (null: a plain pipe), for health and tests. */
  pipeSecurity(): Promise<(string | null)[]> {
    const one = (p: Promise<Pipe>): Promise<string | null | undefined> =>
      p.then((x) => (x.transport.closed ? undefined : (x.transport.srtpParameters?.cryptoSuite ?? null)), () => undefined);
    return Promise.all([...this.#pipes.values()].map(one)).then((r) => r.filter((x): x is string | null => x !== undefined));
  }

  start(): void {
    const s = ioClient(`${this.opts.ownerUrl.replace(/\/+$/, '')}${NS.signaling}`, { auth: { token: this.opts.token }, transports: ['websocket'], reconnectionDelayMax: 2000 });
    this.#socket = s;
    s.on('connect', () => {
      s.timeout(5000).emit('cameras:list', (err: Error | null, res: { ok: boolean; data?: { id: string; health: CameraHealth }[] }) => {
        const mine = !err && res.ok ? res.data?.find((c) => c.id === this.camera.id) : undefined;
        if (mine) this.#setHealth(mine.health.state, mine.health.reason);
        else this.#setHealth('down', `node ${this.camera.node} does not serve this camera to this node's token`);
      });
    });
    s.on('camera:health', (h: CameraHealth) => {
      if (h.cameraId === this.camera.id) this.#setHealth(h.state, h.reason);
    });
    s.on('disconnect', (why) => this.#setHealth('down', `node ${this.camera.node} unreachable (${why})`));
    s.on('connect_error', (e) => this.#setHealth('down', `node ${this.camera.node} unreachable (${e.message})`));
  }

  stop(): void {
    this.#socket?.close();
    this.#socket = null;
    this.#closePipes();
  }

  #setHealth(state: CameraHealth['state'], reason: string | null): void {
    if (state !== 'live') this.#closePipes();
    if (this.#health.state === state && this.#health.reason === reason) return;
    this.#health = { cameraId: this.camera.id, state, reason, since: this.#health.state === state ? this.#health.since : Date.now() };
    this.#log.info({ state }, 'remote camera state');
    this.emit('health', this.#health);
  }

  #closePipes(): void {
    const pipes = [...this.#pipes.values()];
    this.#pipes.clear();
    for (const p of pipes) void p.then((x) => x.transport.close(), () => undefined);
  }

  /** The camera's producer on `router` (piped from the owner on first use); null while the camera is not live. */
  async producer(router: types.Router, stream: StreamKind): Promise<{ producer: types.Producer; stream: StreamKind } | null> {
    if (this.#health.state !== 'live' || !this.#socket?.connected) return null;
    const key = `${router.id}:${stream}`;
    let p = this.#pipes.get(key);
    if (!p) {
      p = this.#pipe(router, stream);
      this.#pipes.set(key, p);
      p.then(
        (x) => x.transport.observer.once('close', () => this.#pipes.get(key) === p && this.#pipes.delete(key)),
        () => this.#pipes.get(key) === p && this.#pipes.delete(key),
      );
    }
    const pipe = await p;
    return pipe.producer.closed ? null : { producer: pipe.producer, stream: (pipe.producer.appData['stream'] as StreamKind | undefined) ?? 'main' };
  }

  async #pipe(router: types.Router, stream: StreamKind): Promise<Pipe> {
    const srtp = this.opts.srtp ?? true;
    const transport = await router.createPipeTransport({ listenInfo: { protocol: 'udp', ip: this.opts.pipeIp }, ...(srtp ? { enableSrtp: true, srtpCryptoSuite: PIPE_SRTP_SUITE } : {}) });
    try {
      const mine = transport.srtpParameters;
      const offer: PipeOffer = {
        cameraId: this.camera.id, stream, ip: this.opts.pipeIp, port: transport.tuple.localPort,
        ...(mine ? { srtp: { cryptoSuite: mine.cryptoSuite, keyBase64: mine.keyBase64 } } : {}),
      };
      const res = (await this.#socket!.timeout(5000).emitWithAck('pipe:create', offer)) as
        | { ok: true; data: { ip: string; port: number; producerId: string; kind: 'video' | 'audio'; rtpParameters: Record<string, unknown>; stream: StreamKind; srtp?: PipeSrtp } }
        | { ok: false; error: { code: string; message: string } };
      if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
      if (srtp && !res.data.srtp) throw new Error(`node ${this.camera.node} answered a plain pipe to an SRTP offer`);
      await transport.connect({ ip: res.data.ip, port: res.data.port, ...(srtp && res.data.srtp ? { srtpParameters: res.data.srtp } : {}) });
      const producer = await transport.produce({
        id: res.data.producerId,
        kind: res.data.kind,
        rtpParameters: res.data.rtpParameters as unknown as types.RtpParameters,
        appData: { cameraId: this.camera.id, stream: res.data.stream, remote: this.camera.node },
      });
      this.#log.info({ stream: res.data.stream, srtp: transport.srtpParameters?.cryptoSuite ?? null }, 'camera piped from its node');
      return { transport, producer };
    } catch (e) {
      transport.close();
      throw e;
    }
  }
}
