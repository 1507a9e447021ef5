/**
 * The face detector and embedder the perception workers run, loaded in the console for enrolment: the same
 * modules (web-perception/src/models/face.ts) and the same files (the gym config's `models.faceDetector` and
 * `models.face`, served by the server at /models/, onnxruntime-web's wasm at /ort/). Loaded on first use only
 * (a dynamic import keeps onnxruntime out of the console's main bundle), once per page.
 *
 * wasm, not WebGPU: a handful of photos needs no GPU, and wasm gives the same numbers on every admin's machine
 * (the model tests check the backends agree within 1e-4 of each other).
 */
import { useEffect, useState } from 'react';
import { useSystem } from './use-console-data.ts';

export interface FacePhotoResult {
  faces: { box: { x: number; y: number; w: number; h: number }; score: number; keypoints: [number, number][] }[];
  /** One L2-normalised embedding per face, in the order of `faces`. */
  embeddings: Float32Array[];
}

export interface FaceModels {
  /** The embedder's name: the `model` the server stores the embeddings under (the workers send the same). */
  embedder: string;
  analyse(image: ImageBitmap | HTMLCanvasElement): Promise<FacePhotoResult>;
}

let loading: { key: string; models: Promise<FaceModels> } | null = null;

async function load(detector: string, embedder: string): Promise<FaceModels> {
  const [{ BlazefaceDetector, OnnxFaceEmbedder }, { configureRuntime }] = await Promise.all([
    import('../../../../web-perception/src/models/face.ts'),
    import('../../../../web-perception/src/models/backend.ts'),
  ]);
  configureRuntime({ ortWasmBase: '/ort/', maxThreads: 1 });
  const [d, e] = await Promise.all([
    BlazefaceDetector.create({ baseUrl: '/models', backend: 'wasm', name: detector }),
    OnnxFaceEmbedder.create({ baseUrl: '/models', backend: 'wasm', name: embedder }),
  ]);
  return {
    embedder: e.name,
    async analyse(image) {
      const faces = await d.detect(image);
      const embeddings = faces.length === 1 ? await e.embed(image, faces) : [];
      return { faces, embeddings };
    },
  };
}

export function useFaceModels(enabled: boolean): { models: FaceModels | null; error: string | null } {
  const system = useSystem();
  const names = system.data?.faceModels;
  const [state, setState] = useState<{ models: FaceModels | null; error: string | null }>({ models: null, error: null });
  useEffect(() => {
    if (!enabled || !names) return;
    const key = `${names.detector}/${names.embedder}`;
    if (loading?.key !== key) loading = { key, models: load(names.detector, names.embedder) };
    let live = true;
    loading.models.then(
      (models) => live && setState({ models, error: null }),
      (err: Error) => {
        loading = null;
        if (live) setState({ models: null, error: `The face models did not load: ${err.message}` });
      },
    );
    return () => {
      live = false;
    };
  }, [enabled, names?.detector, names?.embedder]);
  if (system.data && !names && !state.error) return { models: null, error: 'This server does not say which face models the workers run: update the server.' };
  return state;
}
