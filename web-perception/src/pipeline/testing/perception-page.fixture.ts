/**
 * Test page for start-perception.test.ts: the page half of the worker (startPerception with a real inference Web
 * Worker and real models), fed with frames fetched from the test server instead of mediasoup tracks.
 */
import { startPerception, type Perception } from '../start-perception.ts';
import type { PortLike } from '../inference-protocol.ts';

let perception: Perception | undefined;

const api = {
  async start(o: { token: string; fps: number; roles: ('detector' | 'pose' | 'body' | 'face')[]; detectEvery?: number; detectorWorker?: boolean; poseWorkers?: number; poseWorkerScript?: string }) {
    // A classic worker: MediaPipe's wasm loader needs importScripts (a module worker fails with "ModuleFactory not set").
    const worker = new Worker('/worker.js');
    perception = startPerception({
      worker: worker as unknown as PortLike,
      // The detector in a second worker from the same script (as the worker page does on ≥ 2 cores).
      ...(o.detectorWorker ? { detectorWorker: new Worker('/worker.js') as unknown as PortLike } : {}),
      // Pose workers connected to the inference worker (as the worker page starts them, models.poseWorkers).
      ...(o.poseWorkers ? { poseWorkers: Array.from({ length: o.poseWorkers }, () => new Worker(o.poseWorkerScript ?? '/pose-worker.js') as unknown as PortLike) } : {}),
      serverUrl: location.origin,
      token: o.token,
      workerId: 'test-worker',
      fps: o.fps,
      // The defaults of ModelsConfig (shared/src/config/gym-config.ts is Node-only: it reads files), wasm backend.
      models: { backend: 'wasm', detector: 'nanodet-m', pose: 'full', body: 'appearance-stripes-v1', faceDetector: 'blazeface', face: 'faceres' },
      urls: { modelsBase: '/models', ortWasmBase: '/ort/', mediapipeWasmBase: '/mediapipe/wasm' },
      roles: o.roles,
      statsEveryMs: 500,
      // Backpressure is tested elsewhere: a wide window so a slow ack on a loaded machine drops nothing.
      sender: { maxInFlight: 64 },
      pipeline: { detectEvery: o.detectEvery ?? 1 },
    });
    return perception.ready;
  },
  async offer(cameraId: string, url: string, ts: number, width: number, height: number) {
    const res = await fetch(url);
    const data = new ImageData(new Uint8ClampedArray(await res.arrayBuffer()), width, height);
    const image = await createImageBitmap(data);
    const r = perception!.offer(cameraId, { image, ts, width, height });
    return typeof r === 'string' ? r : await r;
  },
  /** Offers one frame per camera at once (they share the inference worker), resolving when all are done. */
  async offerMany(items: { cameraId: string; url: string; ts: number; width: number; height: number }[]) {
    return Promise.all(items.map((i) => api.offer(i.cameraId, i.url, i.ts, i.width, i.height)));
  },
  stats: () => perception!.stats(),
  connected: () => perception!.sender.connected,
};
(window as unknown as { gymPerception: typeof api }).gymPerception = api;
export type PerceptionPageApi = typeof api;
