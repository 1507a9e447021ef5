/**
 * What the pipeline needs from the models, written structurally so that the classes of `../models/` (issue 5:
 * `Detector`, `PoseEstimator`, `BodyEmbedder`, `FaceDetector`, `FaceEmbedder`) plug in as they are, and fakes plug
 * in for unit tests and Node tools. `Img` is whatever image type the models take (ImageInput in the browser).
 * Boxes are pixels of that image, top-left origin.
 */
import type { Landmark } from '@gym/shared';
import type { BoxXYWH } from '../tracking/box.ts';

export interface DetectorPort<Img> {
  readonly name: string;
  detect(image: Img, opts?: { minScore?: number; maxDetections?: number }): Promise<{ box: BoxXYWH; score: number; classId: number }[]>;
}

export interface PosePort<Img> {
  readonly name: string;
  /** One pose per box, in order; landmarks x, y normalised to the whole image. */
  estimate(image: Img, boxes: readonly BoxXYWH[]): Promise<({ landmarks: Landmark[]; score: number } | null)[]>;
}

export interface BodyEmbedderPort<Img> {
  readonly name: string;
  embed(image: Img, boxes: readonly BoxXYWH[]): Promise<Float32Array[]>;
}

export interface FaceLike {
  box: BoxXYWH;
  score: number;
}

export interface FaceDetectorPort<Img, F extends FaceLike> {
  readonly name: string;
  /** Faces in the whole image, or only inside `regions` (pixels). */
  detect(image: Img, opts?: { minScore?: number; regions?: readonly BoxXYWH[] }): Promise<F[]>;
}

export interface FaceEmbedderPort<Img, F extends FaceLike> {
  readonly name: string;
  embed(image: Img, faces: readonly F[]): Promise<Float32Array[]>;
}

export interface PipelineModels<Img, F extends FaceLike = FaceLike> {
  detector: DetectorPort<Img>;
  pose?: PosePort<Img> | undefined;
  body?: BodyEmbedderPort<Img> | undefined;
  faceDetector?: FaceDetectorPort<Img, F> | undefined;
  face?: FaceEmbedderPort<Img, F> | undefined;
}

/** COCO class of people. */
export const PERSON_CLASS = 0;
