/**
 * Loads an ONNX model file into an onnxruntime-web session on the chosen backend, with the checks every model
 * gets at start: the file must exist and its input/output shapes must be what the decoder expects.
 * If a GPU backend cannot build the session, the model falls back to wasm and says why.
 */
import type * as OrtTypes from 'onnxruntime-web';
import * as ortAll from 'onnxruntime-web/all';
import * as ortWasm from 'onnxruntime-web/wasm';
import { ModelFileError, ModelShapeError } from './errors.ts';
import { fetchModelBytes, type ModelSource } from './model-file.ts';

export { fetchModelBytes, type ModelSource };

/** One onnxruntime-web build (its own Tensor class and env): tensors must come from their session's build. */
export type Ort = typeof OrtTypes;

/**
 * The build that serves a backend. The CPU-only wasm build runs kernels 2-4× faster than the WebGPU-capable
 * build (which carries async instrumentation for its JS kernels), so wasm sessions use it.
 */
export function runtimeFor(backend: Backend): Ort {
  return (backend === 'wasm' ? ortWasm : ortAll) as Ort;
}

/** Both builds, to configure their environments alike. */
export const RUNTIMES: Ort[] = [ortAll as Ort, ortWasm as Ort];
import type { Backend } from './types.ts';


/** Expected dims per input/output, null for a dimension that may vary. Missing names are not checked. */
export interface ShapeSpec {
  inputs?: (number | null)[][];
  outputs?: Record<string, (number | null)[]>;
}


function dimsOf(m: OrtTypes.InferenceSession.ValueMetadata | undefined): (number | string)[] | undefined {
  return m && 'shape' in m ? (m.shape as (number | string)[]) : undefined;
}

function check(file: string, what: string, got: (number | string)[] | undefined, want: (number | null)[]): void {
  if (!got) return;
  const ok = got.length === want.length && want.every((w, i) => w === null || got[i] === w || typeof got[i] !== 'number');
  if (!ok) throw new ModelShapeError(`models/${file}`, `${what} is [${got.join(', ')}], expected [${want.map((w) => w ?? '?').join(', ')}]`);
}

export function checkShapes(file: string, session: OrtTypes.InferenceSession, spec: ShapeSpec): void {
  spec.inputs?.forEach((want, i) => check(file, `input ${session.inputNames[i] ?? i}`, dimsOf(session.inputMetadata[i]), want));
  for (const [name, want] of Object.entries(spec.outputs ?? {})) {
    const i = session.outputNames.indexOf(name);
    if (i < 0) throw new ModelShapeError(`models/${file}`, `has no output "${name}" (outputs: ${session.outputNames.join(', ')})`);
    check(file, `output ${name}`, dimsOf(session.outputMetadata[i]), want);
  }
}

export interface LoadedModel {
  session: OrtTypes.InferenceSession;
  /** The build the session belongs to: create input tensors with `ort.Tensor`. */
  ort: Ort;
  backend: Backend;
  /** Why the backend differs from the requested one, if it does. */
  fallback?: string;
  file: string;
}

export async function createSession(bytes: Uint8Array, backend: Backend): Promise<OrtTypes.InferenceSession> {
  const eps: OrtTypes.InferenceSession.ExecutionProviderConfig[] = backend === 'wasm' ? ['wasm'] : [backend, 'wasm'];
  return runtimeFor(backend).InferenceSession.create(bytes, { executionProviders: eps, graphOptimizationLevel: 'all' });
}

export async function loadOnnxModel(src: ModelSource, backend: Backend, spec: ShapeSpec): Promise<LoadedModel> {
  const bytes = await fetchModelBytes(src);
  if (backend !== 'wasm') {
    // A GPU backend may lack an op (onnxruntime-web's WebGL engine has no opset-13 Max/Min/Split) or model
    // metadata; the model then runs on wasm and says why. A real shape mismatch fails again on wasm below.
    try {
      const session = await createSession(bytes, backend);
      try {
        checkShapes(src.file, session, spec);
      } catch (e) {
        await session.release();
        throw e;
      }
      return { session, ort: runtimeFor(backend), backend, file: src.file };
    } catch (e) {
      const fallback = `${backend} cannot run it (${(e as Error).message.split('\n')[0]!.slice(0, 200)}); using wasm`;
      return { ...(await loadOnWasm(src, bytes, spec)), fallback };
    }
  }
  return loadOnWasm(src, bytes, spec);
}

async function loadOnWasm(src: ModelSource, bytes: Uint8Array, spec: ShapeSpec): Promise<LoadedModel> {
  let session: OrtTypes.InferenceSession;
  try {
    session = await createSession(bytes, 'wasm');
  } catch (e) {
    throw new ModelFileError(`models/${src.file}`, `onnxruntime cannot load it: ${(e as Error).message}`);
  }
  checkShapes(src.file, session, spec);
  return { session, ort: runtimeFor('wasm'), backend: 'wasm', file: src.file };
}
