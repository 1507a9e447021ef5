/**
 * Skeleton windows for the exercise-recognition network, shared by the dataset builder (training) and the
 * engine's runtime classifier (inference), so both see exactly the same input:
 * 32 steps at 10 Hz (3.2 s), per step 33 landmarks × (x, y, visibility), centred on the mid-hip and scaled by
 * the torso (mid-shoulder to mid-hip) of the window, so position in the image and distance to the camera drop out.
 * A step without a skeleton is all zeros (visibility 0 tells the network it is missing).
 */
import type { PoseFrame } from '@gym/shared';

export const WINDOW_STEPS = 32;
export const STEP_MS = 100;
export const LANDMARKS = 33;
export const CHANNELS = LANDMARKS * 3;

/** The frame nearest each 100 ms step from `startMs` (null past the frames' time or in a gap of > 250 ms). */
function sample(frames: PoseFrame[], startMs: number): (PoseFrame['kp'])[] {
  const out: PoseFrame['kp'][] = [];
  let j = 0;
  for (let s = 0; s < WINDOW_STEPS; s++) {
    const t = startMs + s * STEP_MS;
    while (j + 1 < frames.length && Math.abs(frames[j + 1]!.t - t) <= Math.abs(frames[j]!.t - t)) j++;
    const f = frames[j];
    out.push(f && Math.abs(f.t - t) <= 250 ? f.kp : null);
  }
  return out;
}

/**
 * One window as CHANNELS × WINDOW_STEPS float32 (channel-major, as Conv1d takes it), or null when fewer than half
 * the steps have a skeleton.
 */
export function skeletonWindow(frames: PoseFrame[], startMs: number): Float32Array | null {
  const steps = sample(frames, startMs);
  const seen = steps.filter((k) => k !== null);
  if (seen.length < WINDOW_STEPS / 2) return null;
  // One centre and scale for the whole window: movement of the hips (squat depth, walking) stays visible.
  let cx = 0, cy = 0, torso = 0;
  for (const k of seen) {
    const hx = (k![23]![0] + k![24]![0]) / 2, hy = (k![23]![1] + k![24]![1]) / 2;
    const sx = (k![11]![0] + k![12]![0]) / 2, sy = (k![11]![1] + k![12]![1]) / 2;
    cx += hx; cy += hy; torso += Math.hypot(sx - hx, sy - hy);
  }
  cx /= seen.length; cy /= seen.length; torso = Math.max(1e-3, torso / seen.length);
  const out = new Float32Array(CHANNELS * WINDOW_STEPS);
  steps.forEach((k, s) => {
    if (!k) return;
    for (let i = 0; i < LANDMARKS; i++) {
      const p = k[i]!;
      out[(i * 3) * WINDOW_STEPS + s] = Math.max(-4, Math.min(4, (p[0] - cx) / torso));
      out[(i * 3 + 1) * WINDOW_STEPS + s] = Math.max(-4, Math.min(4, (p[1] - cy) / torso));
      out[(i * 3 + 2) * WINDOW_STEPS + s] = p[3];
    }
  });
  return out;
}
