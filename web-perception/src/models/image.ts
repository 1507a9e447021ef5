/**
 * Image plumbing shared by the models: sizes, crops into canvases, letterboxing, tensor packing. Works in a
 * window or a worker (OffscreenCanvas). Pixels are read once per crop; no per-pixel canvas calls.
 */
import type { Box, ImageInput } from './types.ts';

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
type Drawable = Exclude<ImageInput, ImageData>;

export function imageSize(img: ImageInput): { width: number; height: number } {
  if (typeof VideoFrame !== 'undefined' && img instanceof VideoFrame) return { width: img.displayWidth, height: img.displayHeight };
  if (typeof HTMLVideoElement !== 'undefined' && img instanceof HTMLVideoElement) return { width: img.videoWidth, height: img.videoHeight };
  if (typeof HTMLImageElement !== 'undefined' && img instanceof HTMLImageElement) return { width: img.naturalWidth, height: img.naturalHeight };
  const s = img as { width: number; height: number };
  return { width: s.width, height: s.height };
}

export function makeCanvas(w: number, h: number): { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } {
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available');
  return { canvas, ctx };
}

const drawableCache = new WeakMap<ImageData, OffscreenCanvas>();
/** ImageData cannot be passed to drawImage: put it on a canvas once (cached per ImageData). */
export function drawable(img: ImageInput): Drawable {
  if (typeof ImageData !== 'undefined' && img instanceof ImageData) {
    let c = drawableCache.get(img);
    if (!c) {
      const made = makeCanvas(img.width, img.height);
      made.ctx.putImageData(img, 0, 0);
      c = made.canvas;
      drawableCache.set(img, c);
    }
    return c;
  }
  return img as Drawable;
}

/** Maps a point of a crop canvas back to the source image. */
export interface CropTransform {
  /** source x = sx + cropX * scaleX */
  sx: number;
  sy: number;
  scaleX: number;
  scaleY: number;
}

/**
 * Draws region `src` of the image into a `w`×`h` canvas. `fit: 'letterbox'` keeps the aspect ratio (content at
 * the top-left, the rest filled black); `fit: 'stretch'` fills the canvas. Regions outside the image are black.
 */
export function cropTo(img: ImageInput, src: Box, w: number, h: number, fit: 'letterbox' | 'stretch' = 'stretch', ctxIn?: Canvas2D): { data: ImageData; t: CropTransform } {
  const ctx = ctxIn ?? makeCanvas(w, h).ctx;
  let dw = w;
  let dh = h;
  if (fit === 'letterbox') {
    const s = Math.min(w / src.w, h / src.h);
    dw = src.w * s;
    dh = src.h * s;
  }
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(drawable(img) as CanvasImageSource, src.x, src.y, src.w, src.h, 0, 0, dw, dh);
  return { data: ctx.getImageData(0, 0, w, h), t: { sx: src.x, sy: src.y, scaleX: src.w / dw, scaleY: src.h / dh } };
}

/** Whole image as a box. */
export function fullBox(img: ImageInput): Box {
  const { width, height } = imageSize(img);
  return { x: 0, y: 0, w: width, h: height };
}

/**
 * Packs RGBA pixels into a float tensor: value = (pixel - mean[c]) * scale[c], RGB order, NCHW or NHWC.
 * `out`/`offset` let a batch be packed into one buffer.
 */
export function packPixels(
  img: ImageData,
  layout: 'nchw' | 'nhwc',
  mean: readonly [number, number, number],
  scale: readonly [number, number, number],
  out?: Float32Array,
  offset = 0,
): Float32Array {
  const n = img.width * img.height;
  const dst = out ?? new Float32Array(n * 3);
  const px = img.data;
  if (layout === 'nchw') {
    for (let i = 0; i < n; i++) {
      dst[offset + i] = (px[i * 4]! - mean[0]) * scale[0];
      dst[offset + n + i] = (px[i * 4 + 1]! - mean[1]) * scale[1];
      dst[offset + 2 * n + i] = (px[i * 4 + 2]! - mean[2]) * scale[2];
    }
  } else {
    for (let i = 0; i < n; i++) {
      dst[offset + i * 3] = (px[i * 4]! - mean[0]) * scale[0];
      dst[offset + i * 3 + 1] = (px[i * 4 + 1]! - mean[1]) * scale[1];
      dst[offset + i * 3 + 2] = (px[i * 4 + 2]! - mean[2]) * scale[2];
    }
  }
  return dst;
}

/** Box grown by `f` on every side (f = 0.1 → 20 % wider and taller), same centre. */
export function expandBox(b: Box, f: number): Box {
  return { x: b.x - b.w * f, y: b.y - b.h * f, w: b.w * (1 + 2 * f), h: b.h * (1 + 2 * f) };
}

export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}
