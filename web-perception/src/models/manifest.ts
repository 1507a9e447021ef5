/**
 * models/manifest.json, written by `make models` (scripts/models/build-models.ts) and read by the model loaders
 * (to check files before start) and by the tests. Browser-safe: types and pure checks only.
 */
export interface TensorInfo {
  name: string;
  /** Numbers for fixed dimensions, strings for symbolic ones ("N"). */
  shape: (number | string)[];
}

export interface ManifestEntry {
  /** Name used in config (`models.detector: nanodet-m`). */
  name: string;
  kind: 'detector' | 'pose' | 'face-detector' | 'face-embedder' | 'body-embedder';
  /** File name inside models/. */
  file: string;
  format: 'onnx' | 'mediapipe-task';
  source: { package: string; version: string; path: string; packageLicence: string; tarballSha256: string };
  upstream: string;
  licence: string;
  sha256: string;
  bytes: number;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  conversion?: { tool: string; tfjsOriginal: string };
  verification?: {
    reference: string;
    /** Allowed max |onnx - tfjs| as a fraction of max(1, max |tfjs|). */
    tolerance: number;
    outputs: { name: string; maxAbsDiff: number; maxAbsRef: number }[];
  };
}

export interface ModelManifest {
  version: 1;
  generatedBy: string;
  models: ManifestEntry[];
}
