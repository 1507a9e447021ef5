/**
 * Body appearance embeddings for re-identification.
 *
 * Default `appearance-stripes-v1` is NOT a learned ReID model: it is a colour descriptor (hue/saturation
 * histograms plus a few brightness bins over 6 horizontal stripes of the person box, centre-weighted, each
 * stripe Hellinger-normalised). It separates people by clothing colour within one camera over seconds; it does
 * not survive a change of lighting or camera (see docs/models.md for what it gives up). A learned OSNet ONNX
 * (`models.body: osnet_x0_25` … `osnet_x1_0`, input N×3×256×128, 512-d) drops in by config.
 */
import { cropTo, fullBox, l2normalize, makeCanvas, packPixels } from './image.ts';
import { loadOnnxModel, type LoadedModel } from './onnx-model.ts';
import type { Backend, BodyEmbedder, Box, ImageInput } from './types.ts';

const STRIPES = 6;
const HUE_BINS = 8;
const SAT_BINS = 3;
const GREY_BINS = 4;
const PER_STRIPE = HUE_BINS * SAT_BINS + GREY_BINS;
const W = 32;
const H = 96;

/** The descriptor of one RGBA crop (W×H). Pure function, exported for tests. */
export function stripeDescriptor(px: Uint8ClampedArray, w: number, h: number): Float32Array {
  const v = new Float32Array(STRIPES * PER_STRIPE);
  const sigma = w * 0.35;
  for (let y = 0; y < h; y++) {
    const stripe = Math.min(STRIPES - 1, Math.floor((y / h) * STRIPES));
    const base = stripe * PER_STRIPE;
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const r = px[i]! / 255;
      const g = px[i + 1]! / 255;
      const b = px[i + 2]! / 255;
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      const c = max - min;
      const sat = max > 0 ? c / max : 0;
      const dxc = x + 0.5 - w / 2;
      const weight = Math.exp(-(dxc * dxc) / (2 * sigma * sigma));
      if (sat < 0.2 || max < 0.15) {
        v[base + HUE_BINS * SAT_BINS + Math.min(GREY_BINS - 1, Math.floor(max * GREY_BINS))]! += weight;
        continue;
      }
      let hue = 0;
      if (max === r) hue = ((g - b) / c + 6) % 6;
      else if (max === g) hue = (b - r) / c + 2;
      else hue = (r - g) / c + 4;
      const hb = Math.min(HUE_BINS - 1, Math.floor((hue / 6) * HUE_BINS));
      const sb = Math.min(SAT_BINS - 1, Math.floor(((sat - 0.2) / 0.8) * SAT_BINS));
      v[base + hb * SAT_BINS + sb]! += weight;
    }
  }
  for (let s = 0; s < STRIPES; s++) {
    let sum = 0;
    for (let k = 0; k < PER_STRIPE; k++) sum += v[s * PER_STRIPE + k]!;
    for (let k = 0; k < PER_STRIPE; k++) v[s * PER_STRIPE + k] = Math.sqrt(v[s * PER_STRIPE + k]! / (sum || 1));
  }
  return l2normalize(v);
}

export class AppearanceStripesEmbedder implements BodyEmbedder {
  readonly name = 'appearance-stripes-v1';
  readonly dim = STRIPES * PER_STRIPE;
  private readonly canvas = makeCanvas(W, H);

  async embed(image: ImageInput, boxes?: readonly Box[]): Promise<Float32Array[]> {
    return (boxes ?? [fullBox(image)]).map((b) => {
      const { data } = cropTo(image, b, W, H, 'stretch', this.canvas.ctx);
      return stripeDescriptor(data.data, W, H);
    });
  }

  async dispose(): Promise<void> {}
}

/** OSNet (torchreid) ONNX: N×3×256×128, ImageNet mean/std, 512-d. */
export class OnnxBodyEmbedder implements BodyEmbedder {
  private readonly canvas = makeCanvas(128, 256);
  private constructor(
    readonly name: string,
    readonly model: LoadedModel,
    readonly dim: number,
    private readonly fixedBatch: boolean,
  ) {}

  static async create(o: { baseUrl: string; backend: Backend; name: string }): Promise<OnnxBodyEmbedder> {
    const model = await loadOnnxModel({ baseUrl: o.baseUrl, file: `${o.name}.onnx` }, o.backend, { inputs: [[null, 3, 256, 128]] });
    const s = model.session;
    const inMeta = s.inputMetadata[0];
    const outMeta = s.outputMetadata[0];
    const outDims = outMeta && 'shape' in outMeta ? outMeta.shape : [];
    const inDims = inMeta && 'shape' in inMeta ? inMeta.shape : [];
    return new OnnxBodyEmbedder(o.name, model, typeof outDims[1] === 'number' ? outDims[1] : 512, inDims[0] === 1);
  }

  async embed(image: ImageInput, boxes?: readonly Box[]): Promise<Float32Array[]> {
    const list = boxes ?? [fullBox(image)];
    const per = 3 * 256 * 128;
    const mean: [number, number, number] = [0.485 * 255, 0.456 * 255, 0.406 * 255];
    const scale: [number, number, number] = [1 / (0.229 * 255), 1 / (0.224 * 255), 1 / (0.225 * 255)];
    const s = this.model.session;
    const run = async (crops: Box[]): Promise<Float32Array[]> => {
      const batch = new Float32Array(per * crops.length);
      crops.forEach((b, i) => packPixels(cropTo(image, b, 128, 256, 'stretch', this.canvas.ctx).data, 'nchw', mean, scale, batch, i * per));
      const out = await s.run({ [s.inputNames[0]!]: new this.model.ort.Tensor('float32', batch, [crops.length, 3, 256, 128]) });
      const data = out[s.outputNames[0]!]!.data as Float32Array;
      return crops.map((_, i) => l2normalize(data.slice(i * this.dim, (i + 1) * this.dim)));
    };
    if (!this.fixedBatch) return list.length ? run([...list]) : [];
    const res: Float32Array[] = [];
    for (const b of list) res.push(...(await run([b])));
    return res;
  }

  async dispose(): Promise<void> {
    await this.model.session.release();
  }
}
