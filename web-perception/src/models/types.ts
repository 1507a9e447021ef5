/**
 * The four model interfaces the perception pipeline calls. Each hides its model, preprocessing, backend and
 * decoding, so a better model drops in by config (`models.*` in the gym config) without touching callers.
 * All coordinates are pixels of the image passed in, top-left origin.
 */
import type { Landmark } from '@gym/shared';

/** Anything the browser can draw: a video frame, a bitmap, a canvas, decoded pixels. */
export type ImageInput = ImageBitmap | ImageData | HTMLCanvasElement | OffscreenCanvas | HTMLVideoElement | HTMLImageElement | VideoFrame;

/** Axis-aligned box in pixels (same shape as tracking's BoxXYWH). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Detection {
  box: Box;
  /** 0..1 */
  score: number;
  /** COCO class index (0 = person). */
  classId: number;
}

export interface Detector {
  readonly name: string;
  /** Persons in the image, best first, after NMS. */
  detect(image: ImageInput, opts?: { minScore?: number; maxDetections?: number }): Promise<Detection[]>;
  dispose(): Promise<void>;
}

export interface PersonPose {
  /** The person box the pose was estimated in (the detector's box). */
  box: Box;
  /** 33 MediaPipe landmarks: x, y normalised to the whole image (0..1), z relative depth, visibility 0..1. */
  landmarks: Landmark[];
  /** Mean visibility of the landmarks, 0..1. */
  score: number;
}

export interface PoseEstimator {
  readonly name: string;
  /** One pose per box (null where no pose was found), in box order. Runs on upscaled person crops. */
  estimate(image: ImageInput, boxes: readonly Box[]): Promise<(PersonPose | null)[]>;
  dispose(): Promise<void>;
}

export interface BodyEmbedder {
  /** Model name as recorded with each embedding (e.g. `appearance-stripes-v1`, `osnet_x0_25`). */
  readonly name: string;
  readonly dim: number;
  /** L2-normalised embeddings of person boxes (or of whole images when boxes is omitted), in order. */
  embed(image: ImageInput, boxes?: readonly Box[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface Face {
  box: Box;
  score: number;
  /** Six keypoints in pixels: right eye, left eye, nose, mouth, right ear, left ear (subject's sides). */
  keypoints: [number, number][];
}

export interface FaceDetector {
  readonly name: string;
  /**
   * Faces in the whole image, or only inside `regions` (e.g. the head end of person boxes, see `headRegion`):
   * faces that are small in a camera frame are found in a region that fills the detector's input.
   */
  detect(image: ImageInput, opts?: { minScore?: number; regions?: readonly Box[] }): Promise<Face[]>;
  dispose(): Promise<void>;
}

export interface FaceEmbedder {
  readonly name: string;
  readonly dim: number;
  /** L2-normalised embeddings of faces, aligned from their eye keypoints first. */
  embed(image: ImageInput, faces: readonly Face[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** Execution backend of onnxruntime-web. */
export type Backend = 'webgpu' | 'webgl' | 'wasm';
