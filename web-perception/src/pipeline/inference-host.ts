/**
 * Worker side of the inference boundary: loads the models once, keeps one CameraPipeline (tracker + gate) per
 * camera, analyses each frame it is sent and answers with the result. The page's worker script is only:
 *
 *   serveInference(self, { createModels: () => loadConfiguredModels(...), pipeline: (cameraId) => ({ cameraId }) });
 */
import { CameraPipeline, type CameraPipelineOptions } from './camera-pipeline.ts';
import type { FaceLike, PipelineModels } from './model-ports.ts';
import { releaseImage, type ClientMessage, type HostMessage, type PortLike } from './inference-protocol.ts';

export interface InferenceHostOptions<Img, F extends FaceLike> {
  createModels: () => Promise<PipelineModels<Img, F>>;
  pipeline?: (cameraId: string) => CameraPipelineOptions;
  /** onnxruntime backend in use, reported to the page. */
  backend?: () => string;
  /** Pose workers serving beside the models (reported to the page). */
  poseWorkers?: () => number;
  /**
   * Start each frame's detection as soon as the frame arrives (CameraPipeline.prefetch) instead of in its turn:
   * only when the detector runs in another worker (remote-detector.ts), where it then overlaps the poses of the
   * frame before. The client should then allow two frames per camera in flight.
   */
  prefetchDetections?: boolean;
}

export function serveInference<Img, F extends FaceLike = FaceLike>(port: PortLike, opts: InferenceHostOptions<Img, F>): { ready: Promise<void>; close(): void } {
  const pipelines = new Map<string, CameraPipeline<Img, F>>();
  const post = (m: HostMessage, transfer: Transferable[] = []): void => port.postMessage(m, transfer);
  const modelsP = opts.createModels();
  let chain: Promise<void> = Promise.resolve();

  const ready = modelsP.then(
    (models) => {
      const names: Record<string, string> = { detector: models.detector.name };
      for (const k of ['pose', 'body', 'faceDetector', 'face'] as const) if (models[k]) names[k] = models[k]!.name;
      post({ type: 'ready', models: names, backend: opts.backend?.() ?? 'wasm', poseWorkers: opts.poseWorkers?.() ?? 0 });
    },
    (e: unknown) => post({ type: 'error', id: null, message: `models failed to load: ${(e as Error).message}` }),
  );

  const onMessage = (ev: MessageEvent): void => {
    const msg = ev.data as ClientMessage<Img>;
    if (msg.type === 'reset') {
      pipelines.delete(msg.cameraId);
      return;
    }
    if (msg.type !== 'frame') return;
    const frame = { image: msg.image, ts: msg.ts, width: msg.width, height: msg.height, seq: msg.seq };
    const pipelineFor = (models: PipelineModels<Img, F>): CameraPipeline<Img, F> => {
      let p = pipelines.get(msg.cameraId);
      if (!p) pipelines.set(msg.cameraId, (p = new CameraPipeline<Img, F>(models, opts.pipeline?.(msg.cameraId) ?? { cameraId: msg.cameraId })));
      return p;
    };
    // Detection may start now, ahead of the frames still in the chain; the rest of the frame waits its turn.
    const pre = opts.prefetchDetections ? modelsP.then((m) => pipelineFor(m).prefetch(frame)) : undefined;
    pre?.catch(() => undefined);
    // One frame at a time: the client never sends more than it is willing to wait for.
    chain = chain.then(async () => {
      try {
        const models = await modelsP;
        const p = pipelineFor(models);
        const result = await p.process(frame, pre ? await pre : undefined);
        const transfer: Transferable[] = [];
        for (const t of result.tracks) {
          if (t.body) transfer.push(t.body.buffer as ArrayBuffer);
          if (t.face?.embedding) transfer.push(t.face.embedding.buffer as ArrayBuffer);
        }
        // The draft shares the vectors: they travel once, transferred.
        post({ type: 'result', id: msg.id, result }, [...new Set(transfer)]);
      } catch (e) {
        post({ type: 'error', id: msg.id, message: (e as Error).message });
      } finally {
        releaseImage(msg.image);
      }
    });
  };
  port.addEventListener('message', onMessage);
  port.start?.();
  return { ready, close: () => port.removeEventListener('message', onMessage) };
}
