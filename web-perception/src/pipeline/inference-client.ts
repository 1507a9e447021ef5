/**
 * Page side of the inference boundary. `analyse` hands a frame to the worker unless that camera already has
 * `maxPendingPerCamera` frames there: then the frame is released at once and counted as dropped (busy), so a slow
 * model lowers the analysed rate instead of building a queue.
 */
import type { PipelineResult } from './camera-pipeline.ts';
import { isTransferable, releaseImage, type FrameRequest, type HostMessage, type PortLike } from './inference-protocol.ts';
import type { InputFrame } from './camera-pipeline.ts';
import { deferred } from './deferred.ts';

export class InferenceError extends Error {
  override name = 'InferenceError';
}

export class InferenceClient<Img = unknown> {
  private nextId = 1;
  private readonly waiting = new Map<number, { cameraId: string; resolve: (r: PipelineResult) => void; reject: (e: Error) => void }>();
  private readonly pendingByCamera = new Map<string, number>();
  readonly ready: Promise<{ models: Record<string, string>; backend: string; poseWorkers: number }>;
  busyDrops = 0;
  backend = 'none';

  constructor(
    private readonly port: PortLike,
    private readonly maxPendingPerCamera = 1,
  ) {
    const ready = deferred<{ models: Record<string, string>; backend: string; poseWorkers: number }>();
    this.ready = ready.promise;
    this.ready.catch(() => undefined);
    port.addEventListener('message', (ev: MessageEvent) => {
      const m = ev.data as HostMessage;
      if (m.type === 'ready') {
        this.backend = m.backend;
        ready.resolve({ models: m.models, backend: m.backend, poseWorkers: m.poseWorkers ?? 0 });
      } else if (m.type === 'result') this.settle(m.id, (w) => w.resolve(m.result));
      else if (m.type === 'error') {
        if (m.id === null) {
          ready.reject(new InferenceError(m.message));
          for (const id of [...this.waiting.keys()]) this.settle(id, (w) => w.reject(new InferenceError(m.message)));
        } else this.settle(m.id, (w) => w.reject(new InferenceError(m.message)));
      }
    });
    port.start?.();
  }

  pending(cameraId: string): number {
    return this.pendingByCamera.get(cameraId) ?? 0;
  }

  /** Sends the frame for analysis, or returns null (frame released, counted) when this camera is busy. */
  analyse(cameraId: string, frame: InputFrame<Img> & { seq: number }): Promise<PipelineResult> | null {
    if (this.pending(cameraId) >= this.maxPendingPerCamera) {
      this.busyDrops++;
      releaseImage(frame.image);
      return null;
    }
    const id = this.nextId++;
    this.pendingByCamera.set(cameraId, this.pending(cameraId) + 1);
    const req: FrameRequest<Img> = { type: 'frame', id, cameraId, seq: frame.seq, ts: frame.ts, width: frame.width, height: frame.height, image: frame.image };
    return new Promise<PipelineResult>((resolve, reject) => {
      this.waiting.set(id, { cameraId, resolve, reject });
      this.port.postMessage(req, isTransferable(frame.image) ? [frame.image as unknown as Transferable] : []);
    });
  }

  reset(cameraId: string): void {
    this.port.postMessage({ type: 'reset', cameraId });
  }

  private settle(id: number, fn: (w: { resolve: (r: PipelineResult) => void; reject: (e: Error) => void }) => void): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    this.pendingByCamera.set(w.cameraId, Math.max(0, this.pending(w.cameraId) - 1));
    fn(w);
  }
}
