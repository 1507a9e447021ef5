/** Test doubles for the sender's tests: a real socket.io server on `/worker`, and perception frames. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { LANDMARK_COUNT, parsePerceptionFrame, type Ack, type Skeleton } from '@gym/shared';
import type { FrameDraft } from '../packing.ts';

export const TOKEN = 'worker-token-1';

/** A real socket.io server speaking the `/worker` namespace; acks can be held to simulate a slow server. */
export class FakeIngest {
  http!: HttpServer;
  io!: Server;
  port = 0;
  received: { raw: Record<string, unknown>; parsed: ReturnType<typeof parsePerceptionFrame> }[] = [];
  stats: unknown[] = [];
  held: (() => void)[] = [];
  holdAcks = false;
  acceptedToken = TOKEN;
  refused = 0;

  async start(port = this.port): Promise<void> {
    this.http = createServer();
    this.io = new Server(this.http);
    const ns = this.io.of('/worker');
    ns.use((socket, next) => {
      if (socket.handshake.auth?.token === this.acceptedToken) return next();
      this.refused++;
      next(new Error('bad token'));
    });
    ns.on('connection', (socket: Socket) => {
      socket.on('perception:frame', (raw: Record<string, unknown>, ack: (r: Ack<{ accepted: number }>) => void) => {
        const parsed = parsePerceptionFrame(raw);
        this.received.push({ raw, parsed });
        const reply = () =>
          ack(parsed.success ? { ok: true, data: { accepted: parsed.data.tracks.length } } : { ok: false, error: { code: 'VALIDATION', message: 'bad frame' } });
        if (this.holdAcks) this.held.push(reply);
        else reply();
      });
      socket.on('worker:stats', (s: unknown) => this.stats.push(s));
    });
    await new Promise<void>((r) => this.http.listen(port, '127.0.0.1', r));
    this.port = (this.http.address() as AddressInfo).port;
  }

  releaseAcks(): void {
    this.holdAcks = false;
    for (const r of this.held.splice(0)) r();
  }

  async stop(): Promise<void> {
    this.io.disconnectSockets(true);
    await new Promise<void>((r) => this.io.close(() => r()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}

export const skeleton = (k: number): Skeleton => Array.from({ length: LANDMARK_COUNT }, (_, i) => [i / 40 + k * 1e-3, 0.5 - i / 100, -0.1 * i, 0.9]);

export function frame(seq: number, cameraId = 'cam-1'): FrameDraft {
  return {
    cameraId,
    frameTs: 1_764_000_000_000 + seq * 100,
    seq,
    width: 768,
    height: 576,
    tracks: [
      {
        trackId: 3,
        box: { x: 0.1, y: 0.2, w: 0.1, h: 0.4 },
        quality: { score: 0.9, heightPx: 230, visibility: 0.8, occlusion: 0 },
        skeleton: skeleton(seq),
        bodyEmbedding: { model: 'appearance-stripes-v1', vector: Float32Array.from({ length: 96 }, (_, i) => Math.sin(i + seq)) },
        face: { box: { x: 0.12, y: 0.2, w: 0.03, h: 0.04 }, score: 0.8, embedding: { model: 'mobileface', vector: new Float32Array(256).fill(0.0625) } },
      },
      { trackId: 4, box: { x: 0.6, y: 0.2, w: 0.1, h: 0.4 }, quality: { score: 0.4 }, skeleton: null },
    ],
  };
}
