/**
 * Face detection (BlazeFace) and face embedding (default `faceres`, 1024-d; `mobileface` 256-d; an ArcFace-style
 * ONNX 1×3×112×112 as drop-in), with alignment from the eye keypoints: the face is rotated so the eyes are level
 * and scaled so the eye distance is a fixed fraction of the crop, as the embedders expect.
 */
import { decodeBlazeface } from './decoders/blazeface.ts';
import { boxIou } from './decoders/nms.ts';
import { cropTo, drawable, fullBox, l2normalize, makeCanvas, packPixels } from './image.ts';
import { loadOnnxModel, type LoadedModel } from './onnx-model.ts';
import type { Backend, Box, Face, FaceDetector, FaceEmbedder, ImageInput } from './types.ts';

export class BlazefaceDetector implements FaceDetector {
  readonly name = 'blazeface';
  private readonly canvas = makeCanvas(256, 256);
  private constructor(readonly model: LoadedModel) {}

  static async create(o: { baseUrl: string; backend: Backend; name?: string }): Promise<BlazefaceDetector> {
    const file = `${o.name ?? 'blazeface'}.onnx`;
    const model = await loadOnnxModel({ baseUrl: o.baseUrl, file }, o.backend, {
      inputs: [[1, 256, 256, 3]],
      outputs: { Identity: [1, 512, 1], Identity_1: [1, 384, 1], Identity_2: [1, 512, 16], Identity_3: [1, 384, 16] },
    });
    return new BlazefaceDetector(model);
  }

  async runRaw(input: Float32Array): ReturnType<LoadedModel['session']['run']> {
    const s = this.model.session;
    return s.run({ [s.inputNames[0]!]: new this.model.ort.Tensor('float32', input, [1, 256, 256, 3]) });
  }

  async detect(image: ImageInput, opts: { minScore?: number; regions?: readonly Box[] } = {}): Promise<Face[]> {
    if (!opts.regions) return this.detectIn(image, fullBox(image), opts.minScore);
    const all: Face[] = [];
    for (const r of opts.regions) all.push(...(await this.detectIn(image, r, opts.minScore)));
    return all;
  }

  private async detectIn(image: ImageInput, region: Box, minScore?: number): Promise<Face[]> {
    const { data, t } = cropTo(image, region, 256, 256, 'letterbox', this.canvas.ctx);
    const out = await this.runRaw(packPixels(data, 'nhwc', [127.5, 127.5, 127.5], [1 / 127.5, 1 / 127.5, 1 / 127.5]));
    const f = (n: string) => out[n]!.data as Float32Array;
    const raw = decodeBlazeface(
      [
        { stride: 16, anchorsPerCell: 2, scores: f('Identity'), regressors: f('Identity_2') },
        { stride: 32, anchorsPerCell: 6, scores: f('Identity_1'), regressors: f('Identity_3') },
      ],
      256,
      minScore ?? 0.6,
    ).sort((a, b) => b.score - a.score);
    const kept: Face[] = [];
    for (const face of raw) if (kept.every((k) => boxIou(k.box, face.box) <= 0.3)) kept.push(face);
    const s = t.scaleX;
    return kept.map((k) => ({
      score: k.score,
      box: { x: t.sx + k.box.x * s, y: t.sy + k.box.y * s, w: k.box.w * s, h: k.box.h * s },
      keypoints: k.keypoints.map(([x, y]) => [t.sx + x * s, t.sy + y * s] as [number, number]),
    }));
  }

  async dispose(): Promise<void> {
    await this.model.session.release();
  }
}

/** Square region around the head end of a standing person's box, where to look for the face. */
export function headRegion(person: Box): Box {
  const side = Math.min(person.w * 1.2, person.h * 0.45);
  return { x: person.x + person.w / 2 - side / 2, y: person.y - side * 0.1, w: side, h: side };
}

export interface FaceEmbedderSpec {
  size: number;
  layout: 'nchw' | 'nhwc';
  mean: [number, number, number];
  scale: [number, number, number];
  /** Output holding the embedding (default: first output). */
  output?: string;
  /** Eye distance as a fraction of the crop side, and eye-line height as a fraction from the top. */
  eyeDist: number;
  eyeY: number;
}

/** Known face embedders. ArcFace geometry: the InsightFace 112×112 template (eyes 35 px apart at y ≈ 52). */
export const FACE_EMBEDDERS: Record<string, FaceEmbedderSpec> = {
  faceres: { size: 224, layout: 'nhwc', mean: [0, 0, 0], scale: [1, 1, 1], output: 'global_pooling/Mean', eyeDist: 0.3, eyeY: 0.42 },
  mobileface: { size: 112, layout: 'nhwc', mean: [0, 0, 0], scale: [1, 1, 1], eyeDist: 0.3, eyeY: 0.42 },
  arcface: { size: 112, layout: 'nchw', mean: [127.5, 127.5, 127.5], scale: [1 / 127.5, 1 / 127.5, 1 / 127.5], eyeDist: 0.314, eyeY: 0.46 },
};

export function faceEmbedderSpec(name: string): FaceEmbedderSpec {
  return FACE_EMBEDDERS[name] ?? (FACE_EMBEDDERS.arcface as FaceEmbedderSpec);
}

/**
 * Draws the face aligned into a size×size canvas: rotation that levels the eyes, scale that puts them eyeDist
 * apart, eye midpoint at (0.5, eyeY). Falls back to the box when keypoints are missing.
 */
export function alignFace(image: ImageInput, face: Face, spec: FaceEmbedderSpec, ctx: OffscreenCanvasRenderingContext2D): ImageData {
  const n = spec.size;
  const [re, le] = face.keypoints;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (!re || !le) return cropTo(image, face.box, n, n, 'stretch', ctx).data;
  const dx = le[0] - re[0];
  const dy = le[1] - re[1];
  const d = Math.hypot(dx, dy) || 1;
  const angle = Math.atan2(dy, dx);
  const s = (spec.eyeDist * n) / d;
  const mx = (re[0] + le[0]) / 2;
  const my = (re[1] + le[1]) / 2;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, n, n);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  // canvas point = T(n/2, eyeY*n) · S(s) · R(-angle) · T(-mx, -my) · image point
  ctx.translate(n / 2, spec.eyeY * n);
  ctx.scale(s, s);
  ctx.rotate(-angle);
  ctx.translate(-mx, -my);
  ctx.drawImage(drawable(image) as CanvasImageSource, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return ctx.getImageData(0, 0, n, n);
}

export class OnnxFaceEmbedder implements FaceEmbedder {
  private readonly canvas;
  private constructor(
    readonly name: string,
    readonly model: LoadedModel,
    readonly spec: FaceEmbedderSpec,
    readonly dim: number,
    private readonly output: string,
    /** The model's batch dimension is fixed at 1 (some exports): run crops one by one. */
    private readonly fixedBatch: boolean,
  ) {
    this.canvas = makeCanvas(spec.size, spec.size);
  }

  static async create(o: { baseUrl: string; backend: Backend; name: string }): Promise<OnnxFaceEmbedder> {
    const spec = faceEmbedderSpec(o.name);
    const n = spec.size;
    const model = await loadOnnxModel({ baseUrl: o.baseUrl, file: `${o.name}.onnx` }, o.backend, {
      inputs: [spec.layout === 'nhwc' ? [null, n, n, 3] : [null, 3, n, n]],
    });
    const s = model.session;
    const output = spec.output ?? s.outputNames[0]!;
    const meta = s.outputMetadata[s.outputNames.indexOf(output)];
    const dims = meta && 'shape' in meta ? meta.shape : [];
    const dim = typeof dims[1] === 'number' ? dims[1] : 512;
    const inMeta = s.inputMetadata[0];
    const fixedBatch = (inMeta && 'shape' in inMeta ? inMeta.shape[0] : undefined) === 1;
    return new OnnxFaceEmbedder(o.name, model, spec, dim, output, fixedBatch);
  }

  /** Runs a batch of already aligned crops (size×size RGBA). */
  async embedAligned(crops: ImageData[]): Promise<Float32Array[]> {
    if (crops.length === 0) return [];
    if (this.fixedBatch && crops.length > 1) {
      const res: Float32Array[] = [];
      for (const c of crops) res.push(...(await this.embedAligned([c])));
      return res;
    }
    const n = this.spec.size;
    const per = n * n * 3;
    const batch = new Float32Array(per * crops.length);
    crops.forEach((c, i) => packPixels(c, this.spec.layout, this.spec.mean, this.spec.scale, batch, i * per));
    const dims = this.spec.layout === 'nhwc' ? [crops.length, n, n, 3] : [crops.length, 3, n, n];
    const s = this.model.session;
    const out = await s.run({ [s.inputNames[0]!]: new this.model.ort.Tensor('float32', batch, dims) });
    const data = out[this.output]!.data as Float32Array;
    return crops.map((_, i) => l2normalize(data.slice(i * this.dim, (i + 1) * this.dim)));
  }

  async embed(image: ImageInput, faces: readonly Face[]): Promise<Float32Array[]> {
    return this.embedAligned(faces.map((f) => alignFace(image, f, this.spec, this.canvas.ctx)));
  }

  async dispose(): Promise<void> {
    await this.model.session.release();
  }
}
