import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import type { CameraHealth, StreamKind } from '@gym/shared';
import { request, SignalingRequestError, type SignalingSocket } from './signaling-client.ts';

export type StreamState = 'waiting' | 'connecting' | 'playing' | 'failed';

export interface CameraStreamEvents {
  /** A new track for the camera (after every (re)connect). */
  /** The received track; `receiver` lets a viewer tune playout (e.g. `jitterBufferTarget` to wait for overlays). */
  onTrack?: (track: MediaStreamTrack, receiver?: RTCRtpReceiver) => void;
  onState?: (state: StreamState, detail: string | null) => void;
  /** `analysis` asks for the camera's lower-resolution analysis stream (workers); the default is full resolution. */
  stream?: StreamKind;
}

/** One mediasoup Device per page, loaded with the router's capabilities once. */
export async function loadDevice(socket: SignalingSocket): Promise<Device> {
  let device: Device;
  try {
    device = await Device.factory();
  } catch {
    device = new Device({ handlerName: 'Chrome111' }); // e.g. HeadlessChrome, which the detection does not know
  }
  const caps = await request(socket, 'router:capabilities');
  await device.load({ routerRtpCapabilities: caps as unknown as types.RtpCapabilities });
  return device;
}

/**
 * Receives one camera: its own receive transport and consumer, rebuilt whenever the producer goes away (camera
 * reconnect, SFU restart) or the transport fails. Waits for the camera's next `camera:health` (or retries every 1-2 s).
 */
export class CameraStream {
  #transport: types.Transport | null = null;
  #closed = false;
  #generation = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;
  state: StreamState = 'waiting';
  detail: string | null = null;
  /** The stream being received (after the first consume). */
  stream: StreamKind = 'main';

  constructor(
    readonly cameraId: string,
    private readonly socket: SignalingSocket,
    private readonly device: Device,
    private readonly events: CameraStreamEvents = {},
  ) {
    socket.on('producer:closed', ({ cameraId }) => {
      if (cameraId === this.cameraId) this.#reconnect('stream ended');
    });
    socket.on('camera:health', (h: CameraHealth) => {
      if (h.cameraId === this.cameraId && h.state !== 'down' && this.state === 'waiting') this.#reconnect(null, 0);
    });
    socket.on('connect', () => {
      if (this.state !== 'connecting') this.#reconnect(null, 0);
    });
  }

  start(): void {
    void this.#connect(++this.#generation);
  }

  close(): void {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#transport?.close();
    this.#transport = null;
  }

  #setState(state: StreamState, detail: string | null): void {
    this.state = state;
    this.detail = detail;
    this.events.onState?.(state, detail);
  }

  #reconnect(detail: string | null, delayMs = 500): void {
    if (this.#closed) return;
    this.#transport?.close();
    this.#transport = null;
    this.#setState('waiting', detail);
    const gen = ++this.#generation;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.#connect(gen), delayMs);
  }

  async #connect(gen: number): Promise<void> {
    if (this.#closed || gen !== this.#generation || !this.socket.connected) return;
    this.#setState('connecting', null);
    try {
      const opts = await request(this.socket, 'transport:create', { direction: 'recv' });
      if (gen !== this.#generation) return;
      const transport = this.device.createRecvTransport(opts as unknown as types.TransportOptions);
      this.#transport = transport;
      transport.on('connect', ({ dtlsParameters }, done, fail) => {
        request(this.socket, 'transport:connect', { transportId: transport.id, dtlsParameters: dtlsParameters as unknown as Record<string, unknown> })
          .then(() => done())
          .catch((e: Error) => fail(e));
      });
      transport.on('connectionstatechange', (s) => {
        if ((s === 'failed' || s === 'closed') && gen === this.#generation) this.#reconnect(`transport ${s}`);
      });
      const c = await request(this.socket, 'consume', {
        transportId: transport.id,
        cameraId: this.cameraId,
        rtpCapabilities: this.device.recvRtpCapabilities as unknown as Record<string, unknown>,
        stream: this.events.stream ?? 'main',
      });
      if (gen !== this.#generation) return;
      const consumer = await transport.consume({
        id: c.id,
        producerId: c.producerId,
        kind: c.kind,
        rtpParameters: c.rtpParameters as unknown as types.RtpParameters,
      });
      await request(this.socket, 'consumer:resume', { consumerId: c.id });
      if (gen !== this.#generation) return;
      this.stream = c.stream ?? 'main';
      this.#setState('playing', null);
      this.events.onTrack?.(consumer.track, consumer.rtpReceiver);
    } catch (e) {
      if (gen !== this.#generation) return;
      const code = e instanceof SignalingRequestError ? e.code : 'ERROR';
      // Not live yet: the health event brings us back sooner; otherwise poll.
      if (code === 'UNKNOWN_CAMERA') this.#setState('failed', (e as Error).message);
      else this.#reconnect(`${code}: ${(e as Error).message}`, code === 'CAMERA_NOT_LIVE' ? 1000 : 2000);
    }
  }
}
