/**
 * Fetching a file of models/ as the page serves it, with the file named in the error. Kept apart from
 * onnx-model.ts so the pose worker (MediaPipe only) does not bundle onnxruntime-web.
 */
import { ModelFileError } from './errors.ts';

export interface ModelSource {
  /** URL prefix of the models/ folder as served to the page (e.g. `/models`). */
  baseUrl: string;
  /** File name inside models/ (e.g. `nanodet-m.onnx`). */
  file: string;
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
