/**
 * Loads an ONNX model file into an onnxruntime-web session on the chosen backend, with the checks every model
 * gets at start: the file must exist and its input/output shapes must be what the decoder expects.
 * If a GPU backend cannot build the session, the model falls back to wasm and says why.
 */
import * as ort from 'onnxruntime-web/all';
import { ModelFileError, ModelShapeError } from './errors.ts';
import type { Backend } from './types.ts';

export interface ModelSource {
  /** URL prefix of the models/ folder as served to the page (e.g. `/models`). */
  baseUrl: string;
  /** File name inside models/ (e.g. `nanodet-m.onnx`). */
  file: string;
}

/** Expected dims per input/output, null for a dimension that may vary. Missing names are not checked. */
export interface ShapeSpec {
  inputs?: (number | null)[][];
  outputs?: Record<string, (number | null)[]>;
}

export async function fetchModelBytes(src: ModelSource): Promise<Uint8Array> {
  const url = `${src.baseUrl.replace(/\/$/, '')}/${src.file}`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ModelFileError(`models/${src.file}`, `cannot fetch ${url} (${(e as Error).message})`);
  }
  if (!res.ok) throw new ModelFileError(`models/${src.file}`, `missing (HTTP ${res.status} for ${url}); run \`make models\` or see docs/models.md`);
  return new Uint8Array(await res.arrayBuffer());
}

function dimsOf(m: ort.InferenceSession.ValueMetadata | undefined): (number | string)[] | undefined {
  return m && 'shape' in m ? (m.shape as (number | string)[]) : undefined;
}

function check(file: string, what: string, got: (number | string)[] | undefined, want: (number | null)[]): void {
  if (!got) return;
  const ok = got.length === want.length && want.every((w, i) => w === null || got[i] === w || typeof got[i] !== 'number');
  if (!ok) throw new ModelShapeError(`models/${file}`, `${what} is [${got.join(', ')}], expected [${want.map((w) => w ?? '?').join(', ')}]`);
}

export function checkShapes(file: string, session: ort.InferenceSession, spec: ShapeSpec): void {
  spec.inputs?.forEach((want, i) => check(file, `input ${session.inputNames[i] ?? i}`, dimsOf(session.inputMetadata[i]), want));
  for (const [name, want] of Object.entries(spec.outputs ?? {})) {
    const i = session.outputNames.indexOf(name);
    if (i < 0) throw new ModelShapeError(`models/${file}`, `has no output "${name}" (outputs: ${session.outputNames.join(', ')})`);
    check(file, `output ${name}`, dimsOf(session.outputMetadata[i]), want);
  }
}

export interface LoadedModel {
  session: ort.InferenceSession;
  backend: Backend;
  /** Why the backend differs from the requested one, if it does. */
  fallback?: string;
  file: string;
}

export async function createSession(bytes: Uint8Array, backend: Backend): Promise<ort.InferenceSession> {
  const eps: ort.InferenceSession.ExecutionProviderConfig[] = backend === 'wasm' ? ['wasm'] : [backend, 'wasm'];
  return ort.InferenceSession.create(bytes, { executionProviders: eps, graphOptimizationLevel: 'all' });
}

export async function loadOnnxModel(src: ModelSource, backend: Backend, spec: ShapeSpec): Promise<LoadedModel> {
  const bytes = await fetchModelBytes(src);
  let session: ort.InferenceSession;
  let used = backend;
  let fallback: string | undefined;
  try {
    session = await createSession(bytes, backend);
  } catch (e) {
    if (backend === 'wasm') throw new ModelFileError(`models/${src.file}`, `onnxruntime cannot load it: ${(e as Error).message}`);
    fallback = `${backend} could not build a session (${(e as Error).message.slice(0, 200)}); using wasm`;
    used = 'wasm';
    session = await createSession(bytes, 'wasm');
  }
  checkShapes(src.file, session, spec);
  return { session, backend: used, file: src.file, ...(fallback ? { fallback } : {}) };
}

export { ort };
