import { decodeStamp, stampAgeMs, STAMP_HEIGHT, STAMP_WIDTH } from './stamp.ts';

export interface FrameStats {
  frames: number;
  width: number;
  height: number;
  /** Wall clock (ms) of the last decoded frame. */
  lastFrameAt: number | null;
  /** RTP timestamp of the last frame (90 kHz), when the browser gives it. */
  lastRtpTimestamp: number | null;
  /** Frames per second over the last second or so. */
  fps: number;
  /** Frames whose handling threw (e.g. a VideoFrame made while the <video> was between sources). */
  errors: number;
}

export interface FrameMonitorOptions {
  /** Read the simulated camera's time code from every frame (latency bench). */
  readStamp?: boolean;
  /** Called for every decoded frame; the perception pipeline plugs in here. */
  onFrame?: (video: HTMLVideoElement, meta: VideoFrameCallbackMetadata, nowMs: number) => void;
  /** Latency samples kept (ring). */
  maxSamples?: number;
  /** Called when handling a frame threw; the frame loop goes on with the next frame either way. */
  onError?: (e: Error) => void;
}

/**
 * Plays a track in a <video> and follows every decoded frame with requestVideoFrameCallback: count, size, frame
 * times, and (optionally) glass-to-glass latency from the stamped time code.
 */
export class FrameMonitor {
  readonly video: HTMLVideoElement;
  readonly stats: FrameStats = { frames: 0, width: 0, height: 0, lastFrameAt: null, lastRtpTimestamp: null, fps: 0, errors: 0 };
  /** Camera-stamp → frame-callback latencies, ms. */
  readonly latencies: number[] = [];
  #canvas: CanvasRenderingContext2D | null = null;
  #window: number[] = [];
  #stopped = false;

  constructor(
    container: HTMLElement,
    private readonly opts: FrameMonitorOptions = {},
  ) {
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.autoplay = true;
    this.video.playsInline = true;
    container.appendChild(this.video);
    const tick = (now: number, meta: VideoFrameCallbackMetadata): void => {
      if (this.#stopped) return;
      // Ask for the next frame first: one frame that throws must never end the loop for the life of the page.
      this.video.requestVideoFrameCallback(tick);
      try {
        this.#onFrame(now, meta);
      } catch (e) {
        this.stats.errors++;
        this.opts.onError?.(e as Error);
      }
    };
    this.video.requestVideoFrameCallback(tick);
  }

  setTrack(track: MediaStreamTrack): void {
    this.video.srcObject = new MediaStream([track]);
    void this.video.play().catch(() => undefined);
  }

  stop(): void {
    this.#stopped = true;
    this.video.srcObject = null;
    this.video.remove();
  }

  #onFrame(_now: number, meta: VideoFrameCallbackMetadata): void {
    const wall = Date.now();
    const s = this.stats;
    s.frames++;
    s.width = meta.width;
    s.height = meta.height;
    s.lastFrameAt = wall;
    s.lastRtpTimestamp = meta.rtpTimestamp ?? null;
    this.#window.push(wall);
    while (this.#window.length && this.#window[0]! < wall - 1000) this.#window.shift();
    s.fps = this.#window.length;
    if (this.opts.readStamp) this.#readStamp(wall);
    this.opts.onFrame?.(this.video, meta, wall);
  }

  #readStamp(wall: number): void {
    if (this.video.videoWidth < STAMP_WIDTH) return;
    if (!this.#canvas) {
      const c = document.createElement('canvas');
      c.width = STAMP_WIDTH;
      c.height = STAMP_HEIGHT;
      this.#canvas = c.getContext('2d', { willReadFrequently: true });
    }
    const ctx = this.#canvas!;
    ctx.drawImage(this.video, 0, 0, STAMP_WIDTH, STAMP_HEIGHT, 0, 0, STAMP_WIDTH, STAMP_HEIGHT);
    const stamp = decodeStamp(ctx.getImageData(0, 0, STAMP_WIDTH, STAMP_HEIGHT).data);
    const age = stamp ? stampAgeMs(stamp, wall) : null;
    if (age === null) return;
    this.latencies.push(age);
    if (this.latencies.length > (this.opts.maxSamples ?? 2000)) this.latencies.shift();
  }
}
