/**
 * Pure rules of face enrolment: which photo may be enrolled (exactly one face, big enough to embed), what to tell
 * the admin otherwise, and the crop shown for confirmation. No DOM, no models: unit-tested.
 */

export interface FaceBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type FaceVerdict = { ok: true; message: string } | { ok: false; message: string };

/** Faces narrower than this (pixels in the photo) embed poorly: the embedder's crop would be upscaled 4× or more. */
export const MIN_FACE_PX = 48;

export function faceVerdict(faces: readonly { box: FaceBox; score: number }[]): FaceVerdict {
  if (faces.length === 0) return { ok: false, message: 'No face found in this photo. Use a photo with the face clearly visible, facing the camera.' };
  if (faces.length > 1) return { ok: false, message: `${faces.length} faces in this photo. Use a photo of this member alone.` };
  const f = faces[0]!;
  if (f.box.w < MIN_FACE_PX) return { ok: false, message: `The face is too small (${Math.round(f.box.w)} px wide, at least ${MIN_FACE_PX}). Use a closer photo.` };
  return { ok: true, message: `One face found (score ${f.score.toFixed(2)}).` };
}

/** The crop shown for confirmation: the face box grown by `pad` of its size each side, clamped to the image. */
export function confirmationCrop(box: FaceBox, image: { width: number; height: number }, pad = 0.35): FaceBox {
  const x0 = Math.max(0, box.x - box.w * pad);
  const y0 = Math.max(0, box.y - box.h * pad);
  const x1 = Math.min(image.width, box.x + box.w * (1 + pad));
  const y1 = Math.min(image.height, box.y + box.h * (1 + pad));
  return { x: x0, y: y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
}
