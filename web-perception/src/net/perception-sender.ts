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
 *   never handed to socket.io, whose send buffer would otherwise grow without bound), unless `offlineBuffer` is set.
 * - Offline buffer (`offlineBuffer`): while there is no connection (a failover's gap, a server restart) the frames
 *   offered are kept, at most `maxFramesPerCamera` per camera and none older than `maxAgeMs` (the oldest go first,
 *   counted as `droppedBuffer` and in `droppedByCamera`). On the next connection they are sent after the resent
 *   in-flight ones, in the order they were offered and at most `maxInFlight` at a time; frames offered while the
 *   buffer drains join its end, so a camera's frames never overtake each other.
 * - The connection is retried forever with backoff, also after the server closed it or refused the handshake; the
 *   caller keeps calling `send` and frames flow again once connected.
 * - Failover: `url` may be a list of servers (several servers on one gym, docs/scaling.md). A lost connection or a
 *   failed connect moves on to the next one at once; after a whole round without success the hops back off.
 * - Resend: the frames in flight when a connection drops (at most `maxInFlight`, their fate unknown) are sent
 *   again first on the next connection, to the same server or the next. The server skips those it had already
 *   handled or whose reps are stored (its replay floor, server/src/ingest/replay-floors.ts), so none counts twice.
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
  /** Server origin, e.g. `http://127.0.0.1:8080` (the namespace is added), or several to fail over between, in order. */
  url: string | readonly string[];
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
  /** Keep the frames offered while disconnected and send them on the next connection (off when absent). */
  offlineBuffer?: OfflineBufferOptions;
  /** The clock the offline buffer ages frames by, ms (default `performance.now`). */
  now?: () => number;
}

export interface OfflineBufferOptions {
  /** Frames kept per camera at most (the oldest is dropped for a new one); 0 turns the buffer off. */
  maxFramesPerCamera: number;
  /** Frames offered longer ago than this are dropped instead of sent. */
  maxAgeMs: number;
}

/** `buffered`: kept in the offline buffer, to be sent once connected (or dropped from it when over its bounds). */
export type SendResult = 'sent' | 'buffered' | 'dropped-backpressure' | 'dropped-offline' | 'invalid';

export interface SenderStats {
  offered: number;
  sent: number;
  acked: number;
  /** Frames the server answered with `{ ok: false }`. */
  rejected: number;
  ackTimeouts: number;
  /** In flight when the connection dropped: their fate is unknown (they are resent on the next connection). */
  lostOnDisconnect: number;
  /** Frames sent again on a new connection (in flight when the last one dropped). */
  resent: number;
  /** Moves to another server of the list (lost connection or failed connect). */
  failovers: number;
  /** The server the sender is connected or connecting to now. */
  server: string;
  droppedBackpressure: number;
  droppedOffline: number;
  invalid: number;
  inFlight: number;
  connected: boolean;
  connects: number;
  disconnects: number;
  /** Smoothed ack round trip, ms (null before the first ack). */
  rttMs: number | null;
  /** Frames put into the offline buffer. */
  bufferedTotal: number;
  /** Frames sent from the offline buffer. */
  sentFromBuffer: number;
  /** Frames dropped from the offline buffer: the oldest of a camera over `maxFramesPerCamera`, or older than `maxAgeMs`. */
  droppedBuffer: number;
  /** Frames in the offline buffer now. */
  buffered: number;
  /** Dropped (backpressure + offline + offline buffer + invalid) per camera. */
  droppedByCamera: Record<string, number>;
}

interface Buffered {
  cameraId: string;
  at: number;
  wire: AnyPerceptionFrameInput;
}

interface TimedEmitter {
  emit(ev: 'perception:frame', frame: AnyPerceptionFrameInput, ack: (err: Error | null, res?: Ack<{ accepted: number }>) => void): void;
}

const silent: SenderLogger = { info() {}, warn() {} };

export class PerceptionSender {
  private sock: WorkerSocket;
  private readonly urls: string[];
  private urlIndex = 0;
  /** Hops since the last successful connect (failover backoff). */
  private hops = 0;
  /** Wire frames in flight when the connection dropped, resent first on the next one. */
  private resend: AnyPerceptionFrameInput[] = [];
  private readonly maxInFlight: number;
  private readonly ackTimeoutMs: number;
  private readonly validate: boolean;
  private readonly packed: boolean;
  private readonly log: SenderLogger;
  private readonly reconnectDelayMs: number;
  private readonly reconnectDelayMaxMs: number;
  /** Send time and wire form of each frame awaiting its ack, by a local sequence. */
  private readonly pending = new Map<number, { at: number; wire: AnyPerceptionFrameInput }>();
  private nextKey = 1;
  /** Bumped on each disconnect: acks of an older connection are ignored. */
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retries = 0;
  private closed = false;
  private readonly s: Omit<SenderStats, 'inFlight' | 'connected' | 'droppedByCamera' | 'server' | 'buffered'> = {
    offered: 0, sent: 0, acked: 0, rejected: 0, ackTimeouts: 0, lostOnDisconnect: 0, resent: 0, failovers: 0,
    droppedBackpressure: 0, droppedOffline: 0, invalid: 0, connects: 0, disconnects: 0, rttMs: null,
    bufferedTotal: 0, sentFromBuffer: 0, droppedBuffer: 0,
  };
  private readonly dropped = new Map<string, number>();
  /** The offline buffer, oldest first over all cameras, and how many of each camera it holds. */
  private backlog: Buffered[] = [];
  private readonly backlogCount = new Map<string, number>();
  private readonly bufferDrops = new Map<string, number>();
  private readonly buffer: OfflineBufferOptions | null;
  private readonly now: () => number;

  constructor(private readonly opts: PerceptionSenderOptions) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 4);
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    this.validate = opts.validate ?? true;
    this.packed = opts.packed ?? true;
    this.log = opts.logger ?? silent;
    this.reconnectDelayMs = opts.reconnectDelayMs ?? 500;
    this.reconnectDelayMaxMs = opts.reconnectDelayMaxMs ?? 5000;
    this.now = opts.now ?? (() => performance.now());
    const b = opts.offlineBuffer;
    if (b && (!Number.isInteger(b.maxFramesPerCamera) || b.maxFramesPerCamera < 0)) throw new Error('PerceptionSender: offlineBuffer.maxFramesPerCamera must be a whole number ≥ 0');
    if (b && !(b.maxAgeMs > 0)) throw new Error('PerceptionSender: offlineBuffer.maxAgeMs must be > 0');
    this.buffer = b && b.maxFramesPerCamera > 0 ? { ...b } : null;
    this.urls = (typeof opts.url === 'string' ? [opts.url] : [...opts.url]).map((u) => u.replace(/\/+$/, '')).filter(Boolean);
    if (!this.urls.length) throw new Error('PerceptionSender: no server url');
    this.sock = this.connectTo(this.urls[0]!);
  }

  /** The socket to the current server (a new one after each failover). */
  get socket(): WorkerSocket {
    return this.sock;
  }

  private get failover(): boolean {
    return this.urls.length > 1;
  }

  private connectTo(base: string): WorkerSocket {
    const socket: WorkerSocket = io(base + NS.worker, {
      auth: { token: this.opts.token },
      autoConnect: false,
      // One server: socket.io reconnects by itself. Several: a lost one is left for the next (failOver below).
      reconnection: !this.failover,
      reconnectionAttempts: Infinity,
      reconnectionDelay: this.reconnectDelayMs,
      reconnectionDelayMax: this.reconnectDelayMaxMs,
      ...(this.failover ? { forceNew: true } : {}),
      ...this.opts.socketOptions,
    });
    socket.on('connect', () => {
      this.s.connects++;
      this.retries = 0;
      this.hops = 0;
      this.log.info({ connects: this.s.connects, server: base }, 'connected to server');
      this.opts.onConnectionChange?.(true);
      this.flushResend();
      this.drain();
    });
    socket.on('disconnect', (reason) => {
      this.s.disconnects++;
      this.keepInFlightForResend();
      this.log.warn({ reason, server: base }, 'disconnected from server');
      this.opts.onConnectionChange?.(false);
      if (this.closed || reason === 'io client disconnect') return;
      if (this.failover) this.failOver();
      // After a server-side disconnect socket.io does not retry by itself.
      else if (reason === 'io server disconnect') this.scheduleRetry();
    });
    socket.on('connect_error', (err) => {
      if (this.failover) this.failOver();
      // A refused handshake (middleware error) leaves the socket inactive: retry ourselves, with backoff.
      else if (!socket.active) this.scheduleRetry();
      if (this.retries <= 1 || this.retries % 20 === 0) this.log.warn({ err: err.message, active: socket.active, server: base }, 'cannot reach server');
    });
    socket.on('server:error', (e) => this.log.warn({ code: e.code }, 'server reported an error'));
    return socket;
  }

  /** Moves to the next server of the list: at once within the first round, then with backoff. */
  private failOver(): void {
    if (this.closed || this.retryTimer) return;
    const round = Math.floor(this.hops / this.urls.length);
    const delay = round === 0 ? 0 : Math.min(this.reconnectDelayMaxMs, this.reconnectDelayMs * 2 ** Math.min(round - 1, 10));
    this.hops++;
    this.retries++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      const old = this.sock;
      old.removeAllListeners();
      old.disconnect();
      this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      this.s.failovers++;
      this.log.info({ server: this.urls[this.urlIndex] }, 'failing over to the next server');
      this.sock = this.connectTo(this.urls[this.urlIndex]!);
      this.sock.connect();
    }, delay);
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

  /** Offers one frame; never blocks. Queues only into the offline buffer (when set), which is bounded. */
  send(frame: AnyPerceptionFrameInput): SendResult {
    this.s.offered++;
    if (this.validate && !parsePerceptionFrame(frame).success) return this.refuseInvalid(frame);
    const buffering = this.buffer !== null && (!this.socket.connected || this.backlog.length > 0);
    if (!this.socket.connected && !buffering) {
      this.s.droppedOffline++;
      this.countDrop(frame.cameraId);
      return 'dropped-offline';
    }
    if (!buffering && this.pending.size >= this.maxInFlight) {
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
    if (buffering) {
      this.keep(frame.cameraId, wire);
      this.drain();
      return 'buffered';
    }
    this.s.sent++;
    this.emitWire(wire);
    return 'sent';
  }

  /** Into the offline buffer, dropping what is too old and, over the camera's bound, that camera's oldest frame. */
  private keep(cameraId: string, wire: AnyPerceptionFrameInput): void {
    const b = this.buffer!;
    this.expire();
    if ((this.backlogCount.get(cameraId) ?? 0) >= b.maxFramesPerCamera) {
      const i = this.backlog.findIndex((x) => x.cameraId === cameraId);
      this.dropBuffered(this.backlog.splice(i, 1)[0]!);
    }
    this.backlog.push({ cameraId, at: this.now(), wire });
    this.backlogCount.set(cameraId, (this.backlogCount.get(cameraId) ?? 0) + 1);
    this.s.bufferedTotal++;
  }

  /** Drops buffered frames older than `maxAgeMs` (the buffer is in offer order: they are at its head). */
  private expire(): void {
    const limit = this.now() - this.buffer!.maxAgeMs;
    while (this.backlog.length && this.backlog[0]!.at < limit) this.dropBuffered(this.backlog.shift()!);
  }

  private dropBuffered(x: Buffered): void {
    this.uncount(x.cameraId);
    this.s.droppedBuffer++;
    this.bufferDrops.set(x.cameraId, (this.bufferDrops.get(x.cameraId) ?? 0) + 1);
    this.countDrop(x.cameraId);
  }

  private uncount(cameraId: string): void {
    const n = (this.backlogCount.get(cameraId) ?? 1) - 1;
    if (n > 0) this.backlogCount.set(cameraId, n);
    else this.backlogCount.delete(cameraId);
  }

  /** Sends buffered frames, oldest first, while connected and below `maxInFlight`. */
  private drain(): void {
    if (!this.buffer || !this.backlog.length) return;
    this.expire();
    while (this.backlog.length && this.sock.connected && this.pending.size < this.maxInFlight) {
      const x = this.backlog.shift()!;
      this.uncount(x.cameraId);
      this.s.sent++;
      this.s.sentFromBuffer++;
      this.emitWire(x.wire);
    }
  }

  private emitWire(wire: AnyPerceptionFrameInput): void {
    const key = this.nextKey++;
    const gen = this.generation;
    this.pending.set(key, { at: performance.now(), wire });
    // The event map declares the ack optional, which socket.io's typings do not turn into the (err, res) form of
    // a timed emit; the callback below is that form.
    const timed = this.socket.timeout(this.ackTimeoutMs) as unknown as TimedEmitter;
    timed.emit('perception:frame', wire, (err: Error | null, res?: Ack<{ accepted: number }>) => {
      if (gen !== this.generation) return; // the slot was already freed on disconnect
      const sentAt = this.pending.get(key)?.at;
      if (sentAt === undefined) return;
      this.pending.delete(key);
      this.drain();
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
  }

  /** The frames in flight on the dropped connection, oldest first, are resent first on the next one. */
  private flushResend(): void {
    for (const wire of this.resend.splice(0)) {
      if (!this.sock.connected) break;
      this.s.resent++;
      this.emitWire(wire);
    }
  }

  private keepInFlightForResend(): void {
    const wires = [...this.pending.values()].map((p) => p.wire);
    this.forgetInFlight();
    this.resend = [...this.resend, ...wires].slice(-this.maxInFlight);
  }

  /** Sends a health report (validated; dropped when offline, since the next one replaces it). */
  sendStats(stats: z.input<typeof WorkerStats>): boolean {
    if (!WorkerStats.safeParse(stats).success) return false;
    if (!this.socket.connected) return false;
    this.socket.volatile.emit('worker:stats', stats);
    return true;
  }

  get stats(): SenderStats {
    return {
      ...this.s,
      inFlight: this.pending.size,
      connected: this.sock.connected,
      server: this.urls[this.urlIndex]!,
      buffered: this.backlog.length,
      droppedByCamera: Object.fromEntries(this.dropped),
    };
  }

  /** One camera's offline buffer: frames in it now, and dropped from it since the start. */
  bufferFor(cameraId: string): { buffered: number; dropped: number } {
    return { buffered: this.backlogCount.get(cameraId) ?? 0, dropped: this.bufferDrops.get(cameraId) ?? 0 };
  }

  /** Frames dropped for one camera (backpressure, offline or invalid). */
  droppedFor(cameraId: string): number {
    return this.dropped.get(cameraId) ?? 0;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.sock.disconnect();
    this.forgetInFlight();
    this.resend = [];
    this.backlog = [];
    this.backlogCount.clear();
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
