/**
 * A pose Web Worker of the pose pool (pose-pool.ts): one MediaPipe PoseLandmarker, the same options as the in-page
 * estimator (pose.ts `createPoseLandmarker`), answering crops with their landmarks in crop coordinates. It must be
 * a classic worker (MediaPipe's wasm glue loads with importScripts; vite `worker.format: 'iife'`, esbuild 'iife').
 *
 * It serves `self` (a pool holding the Worker sends `pose-init` to it), or, when the page sends
 * `{ type: 'pose-serve', port }` first, the MessagePort whose other end a pool in another worker holds (the worker
 * page's inference worker). Requests are answered one at a time, in order; every crop is closed.
 */
import type { PoseLandmarker } from '@mediapipe/tasks-vision';
import { createPoseLandmarker } from './pose.ts';
import type { PoseLanePort, PoseWorkerAnswer, PoseWorkerRequest } from './pose-pool.ts';

const scope = self as unknown as PoseLanePort;

/** Serves `port`; returns the message handler (the first message may already be the init). */
function serve(port: PoseLanePort): (ev: MessageEvent) => void {
  let landmarker: Promise<PoseLandmarker> | null = null;
  const post = (m: PoseWorkerAnswer): void => port.postMessage(m);
  const onMessage = (ev: MessageEvent): void => {
    const m = ev.data as PoseWorkerRequest;
    if (m?.type === 'pose-init') {
      landmarker = createPoseLandmarker(m.options);
      landmarker.then(
        () => post({ type: 'pose-ready', name: `mediapipe-pose-${m.options.variant}` }),
        (e: Error) => post({ type: 'pose-error', id: null, message: `pose model failed to load: ${e.message}` }),
      );
      return;
    }
    if (m?.type !== 'pose') return;
    const done = (): void => m.crops.forEach((c) => c.close());
    if (!landmarker) {
      done();
      post({ type: 'pose-error', id: m.id, message: 'pose request before pose-init' });
      return;
    }
    landmarker.then(
      (lm) => {
        try {
          const t0 = performance.now();
          const landmarks = m.crops.map((c) => {
            const lms = lm.detect(c).landmarks[0];
            return lms && lms.length === 33 ? lms.flatMap((p) => [p.x, p.y, p.z, p.visibility ?? 0]) : null;
          });
          post({ type: 'poses', id: m.id, landmarks, ms: performance.now() - t0 });
        } catch (e) {
          post({ type: 'pose-error', id: m.id, message: (e as Error).message });
        } finally {
          done();
        }
      },
      () => done(), // the load error was posted once
    );
  };
  port.addEventListener('message', onMessage as (ev: MessageEvent & ErrorEvent) => void);
  port.start?.();
  return onMessage;
}

function onFirst(ev: MessageEvent & ErrorEvent): void {
  const m = ev.data as PoseWorkerRequest;
  if (m?.type === 'pose-serve') {
    scope.removeEventListener?.('message', onFirst);
    serve(m.port as unknown as PoseLanePort);
  } else if (m?.type === 'pose-init') {
    scope.removeEventListener?.('message', onFirst);
    serve(scope)(ev);
  }
}
scope.addEventListener('message', onFirst);
