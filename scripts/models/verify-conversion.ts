/**
 * Runs a TFJS graph model (pure-JS CPU backend, the reference implementation of the original) and its ONNX
 * conversion (onnxruntime-node) on the same seeded random input and reports the largest output difference.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import * as ort from 'onnxruntime-node';
import { seededInput } from '../../web-perception/src/models/seeded-input.ts';

export { seededInput };

export interface OutputDiff {
  name: string;
  shape: number[];
  maxAbsDiff: number;
  /** Largest |value| of the reference output, to read maxAbsDiff against. */
  maxAbsRef: number;
}

let backendReady: Promise<boolean> | undefined;

/** Loads a TFJS graph model from disk without fetch (model.json + its weight shards). */
export async function loadTfjsModel(modelJson: string): Promise<GraphModel> {
  backendReady ??= tf.setBackend('cpu');
  await backendReady;
  const json = JSON.parse(readFileSync(modelJson, 'utf8'));
  const specs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const shards = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(dirname(modelJson), p))));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return loadGraphModel({
    load: async () => ({ modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format, signature: json.signature }),
  });
}

export async function compareTfjsWithOnnx(modelJson: string, onnxFile: string, range: [number, number], batch = 1): Promise<OutputDiff[]> {
  const session = await ort.InferenceSession.create(onnxFile);
  try {
    const inputName = session.inputNames[0]!;
    const meta = session.inputMetadata[0];
    const dims = (meta && 'shape' in meta ? meta.shape : []).map((d) => (typeof d === 'number' ? d : batch));
    const data = seededInput(dims.reduce((a, b) => a * b, 1), range[0], range[1]);
    const onnxOut = await session.run({ [inputName]: new ort.Tensor('float32', data, dims) });
    const model = await loadTfjsModel(modelJson);
    const input = tf.tensor(data, dims);
    const names = session.outputNames;
    const tfOut = model.execute({ [inputName]: input }, [...names]) as tf.Tensor | tf.Tensor[];
    const tfList = Array.isArray(tfOut) ? tfOut : [tfOut];
    const diffs: OutputDiff[] = [];
    for (let k = 0; k < names.length; k++) {
      const ref = tfList[k]!.dataSync();
      const got = onnxOut[names[k]!]!.data as Float32Array;
      if (ref.length !== got.length) throw new Error(`${onnxFile}: output ${names[k]} has ${got.length} values, TFJS gives ${ref.length}`);
      let maxAbsDiff = 0;
      let maxAbsRef = 0;
      for (let i = 0; i < ref.length; i++) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(ref[i]! - got[i]!));
        maxAbsRef = Math.max(maxAbsRef, Math.abs(ref[i]!));
      }
      diffs.push({ name: names[k]!, shape: tfList[k]!.shape, maxAbsDiff, maxAbsRef });
    }
    tf.dispose([input, ...tfList]);
    model.dispose();
    return diffs;
  } finally {
    await session.release();
  }
}
