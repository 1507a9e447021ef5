/**
 * Landmark error of a pose recording against a rendered clip's projected truth: per landmark and frame, the image
 * distance divided by the truth torso length in that frame (mid-shoulder to mid-hip, pixels). Frames are matched by
 * time (`startS` + frame t); only truth landmarks inside the image count (no occlusion test in the truth).
 */
import { LM, type PoseFrame, type FootageLandmarks, inImage } from '@gym/shared';

/** The 12 body joints the rig defines exactly (face, hand and foot points are fixed points on the rest mesh). */
export const JOINTS = ['left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'] as const;
const JOINT_IDX = JOINTS.map((j) => LM[j]);

export interface PoseError {
  /** Truth frames of the person inside the image, and how many of them had a predicted skeleton. */
  truthFrames: number;
  matchedFrames: number;
  /** Mean normalised error over the 12 joints, and over all 33 landmarks. */
  joints: number;
  all: number;
  byJoint: Record<string, number>;
  /** Share of matched frames with left and right shoulders or hips swapped. */
  swaps: number;
}

type Pt = readonly [number, number];

export interface ErrorAccumulator { add(pred: (i: number) => Pt | null, truth: readonly (readonly [number, number, number])[]): void; result(truthFrames: number): PoseError | null }

export function errorAccumulator(size: { width: number; height: number }): ErrorAccumulator {
  const sums = new Float64Array(33), counts = new Float64Array(33);
  let frames = 0, swaps = 0;
  return {
    add(pred, truth) {
      const mid = (a: number, b: number): Pt => [(truth[a]![0] + truth[b]![0]) / 2, (truth[a]![1] + truth[b]![1]) / 2];
      const s = mid(LM.left_shoulder, LM.right_shoulder), h = mid(LM.left_hip, LM.right_hip);
      const torso = Math.hypot(s[0] - h[0], s[1] - h[1]);
      if (torso < 5) return;
      frames++;
      const d = (p: Pt | null, t: number) => (p ? Math.hypot(p[0] - truth[t]![0], p[1] - truth[t]![1]) : NaN);
      for (let i = 0; i < 33; i++) {
        const p = pred(i);
        if (!p || !inImage(truth[i]!, size)) continue;
        sums[i]! += d(p, i) / torso;
        counts[i]! += 1;
      }
      const swapped = (l: number, r: number) => d(pred(l), r) + d(pred(r), l) < d(pred(l), l) + d(pred(r), r) - 0.2 * torso;
      if (swapped(LM.left_shoulder, LM.right_shoulder) || swapped(LM.left_hip, LM.right_hip)) swaps++;
    },
    result(truthFrames) {
      if (!frames) return null;
      const mean = (idx: number[]) => {
        let s = 0, c = 0;
        for (const i of idx) { s += sums[i]!; c += counts[i]!; }
        return c ? s / c : NaN;
      };
      const byJoint = Object.fromEntries(JOINTS.map((j, k) => [j, mean([JOINT_IDX[k]!])]));
      return { truthFrames, matchedFrames: frames, joints: mean(JOINT_IDX), all: mean([...Array(33).keys()]), byJoint, swaps: swaps / frames };
    },
  };
}

/** Error of a recording (x, y normalised to the frame) against truth person `personId`. */
export function poseError(lm: FootageLandmarks, personId: string, frames: readonly PoseFrame[], startS: number): PoseError | null {
  const { width: w, height: h, fps } = lm.header;
  const acc = errorAccumulator(lm.header);
  for (const f of frames) {
    if (!f.kp) continue;
    const truth = lm.frames[Math.round((startS + f.t / 1000) * fps)]?.people[personId];
    if (!truth) continue;
    acc.add((i) => [f.kp![i]![0] * w, f.kp![i]![1] * h], truth);
  }
  const truthFrames = lm.frames.filter((f) => (f?.people[personId]?.filter((p) => inImage(p, lm.header)).length ?? 0) > 16).length;
  return acc.result(truthFrames);
}

/**
 * The plain reference: a predictor that knows where the person stands on average but not how they move: the
 * person's truth landmarks averaged over the clip, given for every frame the pipeline had a skeleton.
 */
export function meanPoseError(lm: FootageLandmarks, personId: string, frames: readonly PoseFrame[], startS: number): PoseError | null {
  const rows = lm.frames.map((f) => f?.people[personId]).filter((r): r is NonNullable<typeof r> => !!r);
  if (!rows.length) return null;
  const mean = Array.from({ length: 33 }, (_, i) => [rows.reduce((s, r) => s + r[i]![0], 0) / rows.length, rows.reduce((s, r) => s + r[i]![1], 0) / rows.length] as const);
  const acc = errorAccumulator(lm.header);
  for (const f of frames) {
    if (!f.kp) continue;
    const truth = lm.frames[Math.round((startS + f.t / 1000) * lm.header.fps)]?.people[personId];
    if (truth) acc.add((i) => mean[i]!, truth);
  }
  return acc.result(rows.length);
}

/** Which truth person a recording follows: the one whose hip centre is nearest most often. */
export function matchTruthPerson(lm: FootageLandmarks, frames: readonly PoseFrame[], startS: number): string | null {
  const votes = new Map<string, number>();
  const { width: w, height: h, fps } = lm.header;
  for (const f of frames) {
    if (!f.kp) continue;
    const row = lm.frames[Math.round((startS + f.t / 1000) * fps)];
    if (!row) continue;
    const px = ((f.kp[LM.left_hip]![0] + f.kp[LM.right_hip]![0]) / 2) * w, py = ((f.kp[LM.left_hip]![1] + f.kp[LM.right_hip]![1]) / 2) * h;
    let best: string | null = null, bd = Infinity;
    for (const [id, t] of Object.entries(row.people)) {
      const d = Math.hypot((t[LM.left_hip]![0] + t[LM.right_hip]![0]) / 2 - px, (t[LM.left_hip]![1] + t[LM.right_hip]![1]) / 2 - py);
      if (d < bd) { bd = d; best = id; }
    }
    if (best) votes.set(best, (votes.get(best) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
