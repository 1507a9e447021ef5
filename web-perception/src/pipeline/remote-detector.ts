/**
 * The person detector in a Web Worker of its own, so that on a machine with two or more cores the detector of
 * frame N+1 runs while the inference worker estimates the poses of frame N (pipeline parallelism; the serial
 * detect → pose chain left one core idle). The page connects the two workers with a MessageChannel
 * (startPerception's `detectorWorker`):
 *
 *   detector worker:  serveDetection(port, detector)        answers { type: 'detect' } with the detections
 *   inference worker: new RemoteDetector(port)               a DetectorPort whose detect() posts the image there
 *
 * The image is cloned for the detector (VideoFrame.clone shares the decoded pixels; an ImageBitmap is copied once)
 * and transferred; the inference worker keeps its own for pose and embeddings. Requests are answered one at a
 * time in arrival order (one onnxruntime session runs one inference at a time).
 */
import type { BoxXYWH } from '../tracking/box.ts';
import { isTransferable, releaseImage, type PortLike } from './inference-protocol.ts';
import type { DetectorPort } from './model-ports.ts';
import { deferred } from './deferred.ts';

type Detections = { box: BoxXYWH; score: number; classId: number }[];
type DetectOpts = { minScore?: number; maxDetections?: number };

export type DetectorMessage =
  | { type: 'detector-ready'; name: string }
  | { type: 'detections'; id: number; detections: Detections; ms: number }
  | { type: 'detector-error'; id: number | null; message: string };

export interface DetectRequest<Img = unknown> {
  type: 'detect';
  id: number;
  image: Img;
  opts?: DetectOpts;
}

export class RemoteDetectorError extends Error {
  override name = 'RemoteDetectorError';
}

/** A copy of the image the detector worker can own (transferable where the image type allows). */
async function cloneForTransfer<Img>(image: Img): Promise<Img> {
  if (typeof VideoFrame !== 'undefined' && image instanceof VideoFrame) return image.clone() as Img;
  if (typeof ImageBitmap !== 'undefined' && image instanceof ImageBitmap) return (await createImageBitmap(image)) as Img;
  return image; // ImageData, canvases' pixels: structured-cloned (copied) by postMessage
}

/** Worker side: runs `detector` for every request on `port`, one at a time, and closes each image. */
export function serveDetection<Img>(port: PortLike, detectorP: Promise<DetectorPort<Img>>): { close(): void } {
  let chain: Promise<void> = Promise.resolve();
  const post = (m: DetectorMessage): void => port.postMessage(m);
  detectorP.then(
    (d) => post({ type: 'detector-ready', name: d.name }),
    (e: unknown) => post({ type: 'detector-error', id: null, message: `detector failed to load: ${(e as Error).message}` }),
  );
  const onMessage = (ev: MessageEvent): void => {
    const m = ev.data as DetectRequest<Img>;
    if (m?.type !== 'detect') return;
    chain = chain.then(async () => {
      try {
        const d = await detectorP;
        const t0 = performance.now();
        const detections = await d.detect(m.image, m.opts);
        post({ type: 'detections', id: m.id, detections, ms: performance.now() - t0 });
      } catch (e) {
        post({ type: 'detector-error', id: m.id, message: (e as Error).message });
      } finally {
        releaseImage(m.image);
      }
    });
  };
  port.addEventListener('message', onMessage);
  port.start?.();
  return { close: () => port.removeEventListener('message', onMessage) };
}

/** Inference-worker side: a DetectorPort backed by the detector worker at the other end of `port`. */
export class RemoteDetector<Img> implements DetectorPort<Img> {
  name = 'remote-detector';
  /** The detector worker's own time for the latest frame, ms (without the hop and the queue). */
  lastRunMs = 0;
  readonly ready: Promise<this>;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (d: Detections) => void; reject: (e: Error) => void }>();

  constructor(private readonly port: PortLike) {
    const ready = deferred<this>();
    this.ready = ready.promise;
    this.ready.catch(() => undefined);
    port.addEventListener('message', (ev: MessageEvent) => {
      const m = ev.data as DetectorMessage;
      if (m.type === 'detector-ready') {
        this.name = m.name;
        ready.resolve(this);
      } else if (m.type === 'detections') {
        this.lastRunMs = m.ms;
        this.settle(m.id, (w) => w.resolve(m.detections));
      } else if (m.type === 'detector-error') {
        if (m.id === null) {
          ready.reject(new RemoteDetectorError(m.message));
          for (const id of [...this.waiting.keys()]) this.settle(id, (w) => w.reject(new RemoteDetectorError(m.message)));
        } else this.settle(m.id, (w) => w.reject(new RemoteDetectorError(m.message)));
      }
    });
    port.start?.();
  }

  /** Clones the image at once (the caller may close its own right after), then asks the detector worker. */
  detect(image: Img, opts?: DetectOpts): Promise<Detections> {
    const id = this.nextId++;
    const copy = cloneForTransfer(image);
    return new Promise<Detections>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      copy.then(
        (img) => {
          const req: DetectRequest<Img> = { type: 'detect', id, image: img, ...(opts ? { opts } : {}) };
          this.port.postMessage(req, isTransferable(img) ? [img as unknown as Transferable] : []);
        },
        (e: Error) => this.settle(id, (w) => w.reject(e)),
      );
    });
  }

  private settle(id: number, fn: (w: { resolve: (d: Detections) => void; reject: (e: Error) => void }) => void): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    fn(w);
  }
}
