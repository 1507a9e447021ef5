/**
 * A stand-in for the server's `/worker` ingest in tests and benches: a real socket.io server that checks the worker
 * token, parses every `perception:frame` and `worker:stats` with the shared schemas (as the server does) and keeps
 * them. It can be stopped and started again on the same port (server down → up).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { NS, WorkerStats, parsePerceptionFrame, type Ack, type PerceptionFrame } from '@gym/shared';

export interface ReceivedFrame {
  frame: PerceptionFrame;
  /** Wall clock (ms) when it arrived. */
  at: number;
}

export class PerceptionTestServer {
  readonly frames: ReceivedFrame[] = [];
  readonly stats: WorkerStats[] = [];
  /** Messages that failed the shared schemas. */
  invalid = 0;
  connections = 0;
  #http: HttpServer | null = null;
  #io: Server | null = null;
  #port = 0;

  constructor(readonly token: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<this> {
    const http = createServer();
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1e6 });
    const nsp = io.of(NS.worker);
    nsp.use((s, next) => (s.handshake.auth?.['token'] === this.token ? next() : next(new Error('unauthorized'))));
    nsp.on('connection', (s) => {
      this.connections++;
      s.on('perception:frame', (raw: unknown, ack?: (a: Ack<{ accepted: number }>) => void) => {
        const p = parsePerceptionFrame(raw);
        if (!p.success) {
          this.invalid++;
          return ack?.({ ok: false, error: { code: 'VALIDATION', message: p.error.message.slice(0, 200) } });
        }
        this.frames.push({ frame: p.data, at: Date.now() });
        ack?.({ ok: true, data: { accepted: p.data.tracks.length } });
      });
      s.on('worker:stats', (raw: unknown) => {
        const p = WorkerStats.safeParse(raw);
        if (p.success) this.stats.push(p.data);
        else this.invalid++;
      });
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (http.address() as AddressInfo).port;
    this.#http = http;
    this.#io = io;
    return this;
  }

  /** Closes every connection and the port (a server that went down). */
  async stop(): Promise<void> {
    const io = this.#io;
    const http = this.#http;
    this.#io = this.#http = null;
    if (!io || !http) return;
    http.closeAllConnections();
    await new Promise<void>((r) => io.close(() => r()));
  }
}
