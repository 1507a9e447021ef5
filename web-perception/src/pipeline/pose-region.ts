/**
 * The region a tracked person's pose is estimated in (pixels). The pose model sees only its region (pose.ts
 * blacks out everything outside the slightly grown box), so a detector box that holds the torso only — a lunge,
 * squat or push-up at the bottom of the rep, where the detector's best box often drops the legs — would hide the
 * legs and the knee angle would collapse. The region is therefore the union of this frame's detection and the
 * extent of the same person's previous landmarks (all 33, with a margin): a torso-only detection cannot shrink
 * the crop below the body seen a moment ago. The previous landmarks are used only when they belong to this
 * detection (the detection lies mostly inside their extent) and are recent, and the union may not grow the
 * detection beyond `maxGrowth` in either side, so a wild pose or a neighbour cannot blow the crop up.
 */
import type { Landmark } from '@gym/shared';
import type { BoxXYWH } from '../tracking/box.ts';

export interface PoseRegionOptions {
  /** Margin added on each side of the landmarks' extent, as a share of its height (default 0.08). */
  margin: number;
  /** Extra room above the top landmark for the crown of the head, as a share of the extent's height (0.08). */
  headRoom: number;
  /** The union may be at most this many times the detection's height and width (default 2.5). */
  maxGrowth: number;
  /** Share of the detection's area that must lie inside the landmarks' extent (default 0.6). */
  minOverlap: number;
}

export const POSE_REGION_DEFAULTS: PoseRegionOptions = { margin: 0.08, headRoom: 0.08, maxGrowth: 2.5, minOverlap: 0.6 };

/**
 * The box all 33 landmarks span (pixels), grown by the margin and clipped to the frame. Every landmark counts,
 * the low-visibility ones too: a leg the previous crop cut off still has a predicted place, and the crop has to
 * reach it to see it again. Null when the landmarks span no area inside the frame.
 */
export function landmarkExtent(lms: readonly Landmark[], width: number, height: number, o: Pick<PoseRegionOptions, 'margin' | 'headRoom'> = POSE_REGION_DEFAULTS): BoxXYWH | null {
  if (lms.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of lms) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    x0 = Math.min(x0, p[0] * width);
    x1 = Math.max(x1, p[0] * width);
    y0 = Math.min(y0, p[1] * height);
    y1 = Math.max(y1, p[1] * height);
  }
  if (!(x1 > x0 && y1 > y0)) return null;
  const m = o.margin * (y1 - y0);
  const left = Math.max(0, x0 - m);
  const right = Math.min(width, x1 + m);
  const top = Math.max(0, y0 - m - o.headRoom * (y1 - y0));
  const bottom = Math.min(height, y1 + m);
  if (!(right > left && bottom > top)) return null;
  return { x: left, y: top, w: right - left, h: bottom - top };
}

function intersectionArea(a: BoxXYWH, b: BoxXYWH): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The pose region for a detection given the same person's previous landmarks (normalised to the frame), or the
 * detection itself when there are none or they do not fit it.
 */
export function poseRegion(
  det: BoxXYWH,
  prev: readonly Landmark[] | null | undefined,
  width: number,
  height: number,
  opts: Partial<PoseRegionOptions> = {},
): BoxXYWH {
  const o = { ...POSE_REGION_DEFAULTS, ...opts };
  if (!prev) return det;
  const ext = landmarkExtent(prev, width, height, o);
  if (!ext) return det;
  const area = det.w * det.h;
  if (!(area > 0) || intersectionArea(det, ext) / area < o.minOverlap) return det;
  const x0 = Math.min(det.x, ext.x);
  const y0 = Math.min(det.y, ext.y);
  const x1 = Math.max(det.x + det.w, ext.x + ext.w);
  const y1 = Math.max(det.y + det.h, ext.y + ext.h);
  const u = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  // A side view's detection is a narrow strip: measure width growth against at least 0.4 of its height.
  if (u.h > o.maxGrowth * det.h || u.w > o.maxGrowth * Math.max(det.w, 0.4 * det.h)) return det;
  return u;
}
