/**
 * Worker page → server sender on the socket.io namespace `/worker`.
 *
 * - Every frame is validated against the shared `PerceptionFrame` schema before it leaves (a bad frame is counted
 *   as `invalid`, never sent).
 * - By default a frame leaves packed (protocol v2, `packFrame`): all its vectors in one binary buffer, so socket.io
 *   sends one attachment per frame instead of one per skeleton and embedding. `packed: false` sends the per-track
 *   form (v1), which the server keeps accepting.
 * - Backpressure: at most `maxInFlight` frames wait for the server's ack. A frame offered while that many are in
 *   flight is dropped and counted; nothing is queued. While disconnected, frames are dropped as `offline` (and
 *   never handed to socket.io, whose send buffer would otherwise grow without bound).
 * - The connection is retried forever with backoff, also after the server closed it or refused the handshake; the
 *   caller keeps calling `send` and frames flow again once connected.
 */
import { io, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import {
  NS,
  WorkerStats,
  parsePerceptionFrame,
  type Ack,
  type AnyPerceptionFrameInput,
  type ServerToWorkerEvents,
  type WorkerToServerEvents,
} from '@gym/shared';
import type { z } from 'zod';
import { packFrame } from './packing.ts';

export type WorkerSocket = Socket<ServerToWorkerEvents, WorkerToServerEvents>;

/** The slice of a pino logger the sender uses (the page passes its own; Node callers pass a pino child). */
export interface SenderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface PerceptionSenderOptions {
  /** Server origin, e.g. `http://127.0.0.1:8080` (the namespace is added). */
  url: string;
  /** Worker token (socket.io handshake `auth: { token }`). */
  token: string;
  /** Frames awaiting an ack at most; more are dropped. */
  maxInFlight?: number;
  /** An ack not received within this time frees its slot and counts as a timeout. */
  ackTimeoutMs?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** Validate with the shared schema before sending (on by default). */
  validate?: boolean;
  /** Send frames in the packed form, one float buffer per frame (on by default). */
  packed?: boolean;
  /** Extra socket.io-client options (e.g. `transports: ['websocket']`). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  logger?: SenderLogger;
  /** Told when the connection comes up or goes down. */
  onConnectionChange?: (connected: boolean) => void;
  /** Told of each ack with an error (the server refused a frame). */
  onRejected?: (error: { code: string; message: string }) => void;
}

export type SendResult = 'sent' | 'dropped-backpressure' | 'dropped-offline' | 'invalid';

export interface SenderStats {
  offered: number;
  sent: number;
  acked: number;
  /** Frames the server answered with `{ ok: false }`. */
  rejected: number;
  ackTimeouts: number;
  /** In flight when the connection dropped: their fate is unknown. */
  lostOnDisconnect: number;
  droppedBackpressure: number;
  droppedOffline: number;
  invalid: number;
  inFlight: number;
  connected: boolean;
  connects: number;
  disconnects: number;
  /** Smoothed ack round trip, ms (null before the first ack). */
  rttMs: number | null;
  /** Dropped (backpressure + offline + invalid) per camera. */
  droppedByCamera: Record<string, number>;
}

interface TimedEmitter {
  emit(ev: 'perception:frame', frame: AnyPerceptionFrameInput, ack: (err: Error | null, res?: Ack<{ accepted: number }>) => void): void;
}

const silent: SenderLogger = { info() {}, warn() {} };

export class PerceptionSender {
  readonly socket: WorkerSocket;
  private readonly maxInFlight: number;
  private readonly ackTimeoutMs: number;
  private readonly validate: boolean;
  private readonly packed: boolean;
  private readonly log: SenderLogger;
  private readonly reconnectDelayMs: number;
  private readonly reconnectDelayMaxMs: number;
  /** Send time of each frame awaiting its ack, by a local sequence. */
  private readonly pending = new Map<number, number>();
  private nextKey = 1;
  /** Bumped on each disconnect: acks of an older connection are ignored. */
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private closed = false;
  private readonly s: Omit<SenderStats, 'inFlight' | 'connected' | 'droppedByCamera'> = {
    offered: 0, sent: 0, acked: 0, rejected: 0, ackTimeouts: 0, lostOnDisconnect: 0,
    droppedBackpressure: 0, droppedOffline: 0, invalid: 0, connects: 0, disconnects: 0, rttMs: null,
  };
  private readonly dropped = new Map<string, number>();

  constructor(private readonly opts: PerceptionSenderOptions) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 4);
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    this.validate = opts.validate ?? true;
    this.packed = opts.packed ?? true;
    this.log = opts.logger ?? silent;
    this.reconnectDelayMs = opts.reconnectDelayMs ?? 500;
    this.reconnectDelayMaxMs = opts.reconnectDelayMaxMs ?? 5000;
    const base = opts.url.replace(/\/+$/, '');
    this.socket = io(base + NS.worker, {
      auth: { token: opts.token },
      autoConnect: false,
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: this.reconnectDelayMs,
      reconnectionDelayMax: this.reconnectDelayMaxMs,
      ...opts.socketOptions,
    });
    this.socket.on('connect', () => {
      this.s.connects++;
      this.retries = 0;
      this.log.info({ connects: this.s.connects }, 'connected to server');
      this.opts.onConnectionChange?.(true);
    });
    this.socket.on('disconnect', (reason) => {
      this.s.disconnects++;
      this.forgetInFlight();
      this.log.warn({ reason }, 'disconnected from server');
      this.opts.onConnectionChange?.(false);
      // After a server-side disconnect socket.io does not retry by itself.
      if (reason === 'io server disconnect') this.scheduleRetry();
    });
    this.socket.on('connect_error', (err) => {
      // A refused handshake (middleware error) leaves the socket inactive: retry ourselves, with backoff.
      if (!this.socket.active) this.scheduleRetry();
      if (this.retries <= 1 || this.retries % 20 === 0) this.log.warn({ err: err.message, active: this.socket.active }, 'cannot reach server');
    });
    this.socket.on('server:error', (e) => this.log.warn({ code: e.code }, 'server reported an error'));
  }

  start(): this {
    this.closed = false;
    this.socket.connect();
    return this;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Offers one frame; never blocks and never queues. */
  send(frame: AnyPerceptionFrameInput): SendResult {
    this.s.offered++;
    if (this.validate && !parsePerceptionFrame(frame).success) return this.refuseInvalid(frame);
    if (!this.socket.connected) {
      this.s.droppedOffline++;
      this.countDrop(frame.cameraId);
      return 'dropped-offline';
    }
    if (this.pending.size >= this.maxInFlight) {
      this.s.droppedBackpressure++;
      this.countDrop(frame.cameraId);
      return 'dropped-backpressure';
    }
    let wire: AnyPerceptionFrameInput;
    try {
      wire = this.packed ? packFrame(frame) : frame;
    } catch {
      return this.refuseInvalid(frame); // only reachable with validate: false
    }
    const key = this.nextKey++;
    const gen = this.generation;
    this.pending.set(key, performance.now());
    this.s.sent++;
    // The event map declares the ack optional, which socket.io's typings do not turn into the (err, res) form of
    // a timed emit; the callback below is that form.
    const timed = this.socket.timeout(this.ackTimeoutMs) as unknown as TimedEmitter;
    timed.emit('perception:frame', wire, (err: Error | null, res?: Ack<{ accepted: number }>) => {
      if (gen !== this.generation) return; // the slot was already freed on disconnect
      const sentAt = this.pending.get(key);
      if (sentAt === undefined) return;
      this.pending.delete(key);
      if (err) {
        this.s.ackTimeouts++;
        return;
      }
      const rtt = performance.now() - sentAt;
      this.s.rttMs = this.s.rttMs === null ? rtt : this.s.rttMs * 0.8 + rtt * 0.2;
      if (res && res.ok) this.s.acked++;
      else {
        this.s.rejected++;
        if (res && !res.ok) this.opts.onRejected?.(res.error);
      }
    });
    return 'sent';
  }

  /** Sends a health report (validated; dropped when offline, since the next one replaces it). */
  sendStats(stats: z.input<typeof WorkerStats>): boolean {
    if (!WorkerStats.safeParse(stats).success) return false;
    if (!this.socket.connected) return false;
    this.socket.volatile.emit('worker:stats', stats);
    return true;
  }

  get stats(): SenderStats {
    return { ...this.s, inFlight: this.pending.size, connected: this.socket.connected, droppedByCamera: Object.fromEntries(this.dropped) };
  }

  /** Frames dropped for one camera (backpressure, offline or invalid). */
  droppedFor(cameraId: string): number {
    return this.dropped.get(cameraId) ?? 0;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket.disconnect();
    this.forgetInFlight();
  }

  private refuseInvalid(frame: AnyPerceptionFrameInput): SendResult {
    this.s.invalid++;
    this.countDrop(frame.cameraId);
    return 'invalid';
  }

  private countDrop(cameraId: unknown): void {
    const k = typeof cameraId === 'string' ? cameraId : '?';
    this.dropped.set(k, (this.dropped.get(k) ?? 0) + 1);
  }

  private forgetInFlight(): void {
    this.s.lostOnDisconnect += this.pending.size;
    this.pending.clear();
    this.generation++;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const delay = Math.min(this.reconnectDelayMaxMs, this.reconnectDelayMs * 2 ** Math.min(this.retries, 10));
    this.retries++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.socket.connected && !this.socket.active) this.socket.connect();
    }, delay);
  }
}
