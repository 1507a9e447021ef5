/**
 * Messages across the Web Worker boundary between the page (which owns the streams and the socket) and the
 * inference worker (which owns the models). Frames go in as transferable images (VideoFrame / ImageBitmap: no pixel
 * copy); results come back with their embedding buffers transferred.
 */
import type { PipelineResult } from './camera-pipeline.ts';

export interface FrameRequest<Img = unknown> {
  type: 'frame';
  id: number;
  cameraId: string;
  seq: number;
  ts: number;
  width: number;
  height: number;
  image: Img;
}

export type HostMessage =
  /** `poseWorkers`: pose workers serving beside the inference worker (models/pose-pool.ts), 0 when none. */
  | { type: 'ready'; models: Record<string, string>; backend: string; poseWorkers?: number }
  | { type: 'result'; id: number; result: PipelineResult }
  | { type: 'error'; id: number | null; message: string };

export type ClientMessage<Img = unknown> = FrameRequest<Img> | { type: 'reset'; cameraId: string };

/** The part of MessagePort / Worker / DedicatedWorkerGlobalScope both sides use (Node's MessagePort too). */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  start?(): void;
}

/** Closes a VideoFrame / ImageBitmap when the image has a `close` (frees decoder memory at once). */
export function releaseImage(image: unknown): void {
  const c = (image as { close?: unknown } | null)?.close;
  if (typeof c === 'function') {
    try {
      (c as () => void).call(image);
    } catch {
      // already closed
    }
  }
}

export function isTransferable(image: unknown): boolean {
  return (
    (typeof ImageBitmap !== 'undefined' && image instanceof ImageBitmap) ||
    (typeof VideoFrame !== 'undefined' && image instanceof VideoFrame) ||
    (typeof OffscreenCanvas !== 'undefined' && image instanceof OffscreenCanvas)
  );
}
