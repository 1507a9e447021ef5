/**
 * Person detector on onnxruntime-web. Default: NanoDet-m (COCO, converted from TFJS by `make models`).
 * Drop-in: a YOLO11 (or YOLOv8) ONNX export placed in models/ and named in config (`models.detector: yolo11n`).
 */
import { decodeNanodet, type NanodetLevel } from './decoders/nanodet.ts';
import { nms } from './decoders/nms.ts';
import { decodeYolo, yoloLayout } from './decoders/yolo.ts';
import { cropTo, fullBox, makeCanvas, packPixels } from './image.ts';
import { loadOnnxModel, type LoadedModel } from './onnx-model.ts';
import type { Backend, Detection, Detector, ImageInput } from './types.ts';

export const PERSON = 0;

export interface DetectorOptions {
  baseUrl: string;
  /** Config name: `nanodet-m`, or a YOLO file stem (`yolo11n`, `yolo11s`, …). */
  name: string;
  backend: Backend;
  minScore?: number;
  iouThreshold?: number;
}

type Family = 'nanodet' | 'yolo';

export function detectorFamily(name: string): Family {
  return /^yolo/i.test(name) ? 'yolo' : 'nanodet';
}

export class OnnxDetector implements Detector {
  private readonly canvas;
  private constructor(
    readonly name: string,
    readonly model: LoadedModel,
    private readonly family: Family,
    private readonly inputSize: number,
    private readonly minScore: number,
    private readonly iou: number,
  ) {
    this.canvas = makeCanvas(inputSize, inputSize);
  }

  static async create(o: DetectorOptions): Promise<OnnxDetector> {
    const family = detectorFamily(o.name);
    if (family === 'nanodet') {
      const model = await loadOnnxModel({ baseUrl: o.baseUrl, file: `${o.name}.onnx` }, o.backend, {
        inputs: [[1, 3, 416, 416]],
        outputs: { Identity: [1, 2704, 80], Identity_1: [1, 676, 80], Identity_2: [1, 169, 80], Identity_3: [1, 2704, 44], Identity_4: [1, 676, 44], Identity_5: [1, 169, 44] },
      });
      return new OnnxDetector(o.name, model, family, 416, o.minScore ?? 0.4, o.iouThreshold ?? 0.45);
    }
    const model = await loadOnnxModel({ baseUrl: o.baseUrl, file: `${o.name}.onnx` }, o.backend, { inputs: [[1, 3, null, null]] });
    const meta = model.session.inputMetadata[0];
    const dims = meta && 'shape' in meta ? meta.shape : [];
    const size = typeof dims[2] === 'number' ? dims[2] : 640;
    return new OnnxDetector(o.name, model, family, size, o.minScore ?? 0.4, o.iouThreshold ?? 0.45);
  }

  /** The raw model run, exposed for tests against onnxruntime-node. */
  async runRaw(input: Float32Array): ReturnType<LoadedModel['session']['run']> {
    const s = this.model.session;
    return s.run({ [s.inputNames[0]!]: new this.model.ort.Tensor('float32', input, [1, 3, this.inputSize, this.inputSize]) });
  }

  /** Letterboxed input tensor (RGB / 255, NCHW) and the scale back to image pixels. */
  preprocess(image: ImageInput): { input: Float32Array; scale: number } {
    const { data, t } = cropTo(image, fullBox(image), this.inputSize, this.inputSize, 'letterbox', this.canvas.ctx);
    return { input: packPixels(data, 'nchw', [0, 0, 0], [1 / 255, 1 / 255, 1 / 255]), scale: t.scaleX };
  }

  async detect(image: ImageInput, opts: { minScore?: number; maxDetections?: number; classes?: number[] } = {}): Promise<Detection[]> {
    const { input, scale } = this.preprocess(image);
    const out = await this.runRaw(input);
    const minScore = opts.minScore ?? this.minScore;
    const classes = opts.classes ?? [PERSON];
    let dets: Detection[];
    if (this.family === 'nanodet') {
      const lvl = (s: string, b: string, stride: number): NanodetLevel => ({ stride, scores: out[s]!.data as Float32Array, boxes: out[b]!.data as Float32Array });
      dets = decodeNanodet([lvl('Identity', 'Identity_3', 8), lvl('Identity_1', 'Identity_4', 16), lvl('Identity_2', 'Identity_5', 32)], {
        inputSize: this.inputSize,
        numClasses: 80,
        regMax: 10,
        minScore,
        classes,
      });
    } else {
      const t = out[this.model.session.outputNames[0]!]!;
      yoloLayout(t.dims);
      dets = decodeYolo(t.data as Float32Array, t.dims, { minScore, classes });
    }
    const kept = nms(dets, this.iou, opts.maxDetections ?? 100);
    return kept.map((d) => ({ ...d, box: { x: d.box.x * scale, y: d.box.y * scale, w: d.box.w * scale, h: d.box.h * scale } }));
  }

  async dispose(): Promise<void> {
    await this.model.session.release();
  }
}
