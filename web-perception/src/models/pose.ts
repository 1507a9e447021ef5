/**
 * MediaPipe PoseLandmarker (tasks-vision 0.10.35, pinned: later versions send usage metrics) run on person crops
 * from the detector, so every person gets a pose even where people are small in the frame. Each crop is the
 * person box grown to a square with a margin, drawn into a 256×256 canvas with everything outside the (slightly
 * grown) box left black, so a neighbour walking beside the person cannot take the pose; landmarks are mapped back
 * to the frame. The crop and the mapping are exported so the pose worker pool (pose-pool.ts) makes the same crops
 * in the calling thread and maps the workers' landmarks back the same way.
 */
import { FilesetResolver, PoseLandmarker } from '@mediapipe/tasks-vision';
import type { Landmark } from '@gym/shared';
import { drawable, imageSize } from './image.ts';
import { fetchModelBytes } from './model-file.ts';
import type { Box, ImageInput, PersonPose, PoseEstimator } from './types.ts';

export interface PoseOptions {
  baseUrl: string;
  /** URL prefix serving @mediapipe/tasks-vision/wasm (never a CDN). */
  mediapipeWasmBase: string;
  variant: 'lite' | 'full' | 'heavy';
  /** 'GPU' uses WebGL2 inside MediaPipe; 'CPU' its wasm (XNNPACK). */
  delegate: 'CPU' | 'GPU';
  /** Side of the square crop fed to the landmarker. */
  cropSize?: number;
}

/** Landmarks as MediaPipe gives them for one crop: x, y normalised to the crop, z, visibility. */
export type CropLandmarks = { x: number; y: number; z: number; visibility?: number }[];

/** Square region around a person box with a margin (the landmarker wants the whole body with some context). */
export function personCrop(b: Box, margin = 0.15): Box {
  const side = Math.max(b.w, b.h) * (1 + 2 * margin);
  return { x: b.x + b.w / 2 - side / 2, y: b.y + b.h / 2 - side / 2, w: side, h: side };
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws the pose crop of `box` into the n×n canvas of `ctx` (black outside the slightly grown box); returns the crop. */
export function drawPoseCrop(ctx: Ctx2D, src: CanvasImageSource, box: Box, n: number): Box {
  const c = personCrop(box);
  const k = n / c.w;
  const v = { x: box.x - box.w * 0.08, y: box.y - box.h * 0.05, w: box.w * 1.16, h: box.h * 1.1 };
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, n, n);
  ctx.drawImage(src, v.x, v.y, v.w, v.h, (v.x - c.x) * k, (v.y - c.y) * k, v.w * k, v.h * k);
  return c;
}

/** The landmarker's output for crop `c` of a width×height frame as the person's pose (null: no full pose). */
export function poseFromCrop(lms: CropLandmarks | undefined, box: Box, c: Box, width: number, height: number): PersonPose | null {
  if (!lms || lms.length !== 33) return null;
  const landmarks: Landmark[] = lms.map((p) => [(c.x + p.x * c.w) / width, (c.y + p.y * c.h) / height, p.z, p.visibility ?? 0]);
  const score = landmarks.reduce((a, l) => a + l[3], 0) / landmarks.length;
  return { box, landmarks, score };
}

/** The PoseLandmarker with the options every pose path uses (the in-page estimator and each pose worker). */
export async function createPoseLandmarker(o: PoseOptions): Promise<PoseLandmarker> {
  const file = `pose_landmarker_${o.variant}.task`;
  const bytes = await fetchModelBytes({ baseUrl: o.baseUrl, file });
  const fileset = await FilesetResolver.forVisionTasks(o.mediapipeWasmBase.replace(/\/$/, ''));
  return PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: bytes, delegate: o.delegate },
    runningMode: 'IMAGE',
    numPoses: 1,
    minPoseDetectionConfidence: 0.3,
    minPosePresenceConfidence: 0.3,
    outputSegmentationMasks: false,
  });
}

export class MediapipePoseEstimator implements PoseEstimator {
  private readonly canvas: HTMLCanvasElement | OffscreenCanvas;
  private readonly ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  private constructor(
    readonly name: string,
    private readonly landmarker: PoseLandmarker,
    readonly cropSize: number,
  ) {
    // MediaPipe accepts TexImageSource: a DOM canvas where there is a document, else an OffscreenCanvas.
    const size = cropSize;
    this.canvas = typeof document !== 'undefined' ? Object.assign(document.createElement('canvas'), { width: size, height: size }) : new OffscreenCanvas(size, size);
    const ctx = this.canvas.getContext('2d', { willReadFrequently: false }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new Error('2D canvas is not available');
    this.ctx = ctx;
  }

  static async create(o: PoseOptions): Promise<MediapipePoseEstimator> {
    return new MediapipePoseEstimator(`mediapipe-pose-${o.variant}`, await createPoseLandmarker(o), o.cropSize ?? 256);
  }

  async estimate(image: ImageInput, boxes: readonly Box[]): Promise<(PersonPose | null)[]> {
    const { width, height } = imageSize(image);
    const src = drawable(image) as CanvasImageSource;
    return boxes.map((box) => {
      const c = drawPoseCrop(this.ctx, src, box, this.cropSize);
      return poseFromCrop(this.landmarker.detect(this.canvas as HTMLCanvasElement).landmarks[0], box, c, width, height);
    });
  }

  async dispose(): Promise<void> {
    this.landmarker.close();
  }
}
