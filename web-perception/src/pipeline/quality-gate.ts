/**
 * Decides, per track and frame, whether to spend an embedding on it. Embeddings are for identity, so a few good
 * ones beat many poor ones: a body embedding needs a large, unoccluded, untruncated, well-seen person, and is
 * refreshed only every `bodyEveryMs` or when the view is clearly better than the best one so far; a face
 * embedding needs a frontal face (nose and both eyes visible) large enough in pixels. A per-frame budget bounds the
 * cost when many people qualify at once (oldest embedding first).
 *
 * Stable tracks back off (`stableBackoff`, issue 19): while a track has overlapped nobody since its last embedding
 * (occlusion ≤ `stableOcclusion`: its id cannot have been swapped with a neighbour's), each embedding multiplies its
 * refresh interval by `stableBackoff`, up to `bodyMaxEveryMs` / `faceMaxEveryMs`; an overlap resets it to the base
 * interval, so the embeddings that matter for identity (a new person, a crossing) come at the base rate and a
 * person exercising alone in their corner costs a face and a body embedding every few seconds, not every second.
 */
import { LM, type Landmark } from '@gym/shared';
import type { BoxXYWH } from '../tracking/box.ts';

export interface QualityGateOptions {
  minBodyHeightPx: number;
  minScore: number;
  minVisibility: number;
  maxOcclusion: number;
  /** Pixels from the frame edge under which a box counts as cut off. */
  edgeMarginPx: number;
  bodyEveryMs: number;
  /** A view this much better (relative quality) than the best so far is embedded sooner, but not before this gap. */
  bodyImproveRatio: number;
  bodyMinGapMs: number;
  maxBodyPerFrame: number;
  /** Face width estimate (px, from the eye distance or the box) needed for a face embedding. */
  minFacePx: number;
  faceEveryMs: number;
  maxFacePerFrame: number;
  /** Landmark visibility needed on nose and both eyes for a frontal face. */
  faceLandmarkVisibility: number;
  /** Refresh interval multiplier per embedding of a stable track (1 = no back-off). */
  stableBackoff: number;
  /** A track overlapping another box more than this (IoU) is not stable: its intervals reset. */
  stableOcclusion: number;
  bodyMaxEveryMs: number;
  faceMaxEveryMs: number;
}

export const DEFAULT_GATE: QualityGateOptions = {
  minBodyHeightPx: 64,
  minScore: 0.5,
  minVisibility: 0.5,
  maxOcclusion: 0.3,
  edgeMarginPx: 2,
  bodyEveryMs: 1000,
  bodyImproveRatio: 1.25,
  bodyMinGapMs: 250,
  maxBodyPerFrame: 2,
  minFacePx: 40,
  faceEveryMs: 1500,
  maxFacePerFrame: 2,
  faceLandmarkVisibility: 0.6,
  stableBackoff: 1,
  stableOcclusion: 0.05,
  bodyMaxEveryMs: 8000,
  faceMaxEveryMs: 12000,
};

export interface GateInput {
  trackId: number;
  box: BoxXYWH;
  score: number;
  /** Mean landmark visibility, when a pose was found. */
  visibility?: number | undefined;
  occlusion: number;
  landmarks?: Landmark[] | null | undefined;
}

interface TrackMemory {
  lastBodyTs: number;
  bestBody: number;
  lastFaceTs: number;
  lastSeenTs: number;
  /** Current refresh intervals (grow while the track is stable). */
  bodyEvery: number;
  faceEvery: number;
}

/** Mean landmark visibility (0..1). */
export function meanVisibility(lms: readonly Landmark[]): number {
  if (!lms.length) return 0;
  let s = 0;
  for (const p of lms) s += p[3];
  return s / lms.length;
}

/** Estimated face width in pixels when the face looks at the camera, else 0. */
export function frontalFaceWidthPx(lms: readonly Landmark[] | null | undefined, frameW: number, frameH: number, minVis: number): number {
  if (!lms || lms.length < 9) return 0;
  const nose = lms[LM.nose]!;
  const le = lms[LM.left_eye]!;
  const re = lms[LM.right_eye]!;
  if (nose[3] < minVis || le[3] < minVis || re[3] < minVis) return 0;
  const eyeDist = Math.hypot((le[0] - re[0]) * frameW, (le[1] - re[1]) * frameH);
  // Eye centres are about 0.4 of the face width apart.
  return eyeDist / 0.4;
}

export class QualityGate {
  readonly options: QualityGateOptions;
  private readonly mem = new Map<number, TrackMemory>();

  constructor(options: Partial<QualityGateOptions> = {}) {
    this.options = { ...DEFAULT_GATE, ...options };
  }

  /** Relative quality of a body view (bigger, better seen, less occluded is better). */
  bodyQuality(t: GateInput): number {
    return t.box.h * (t.visibility ?? 1) * (1 - t.occlusion) * t.score;
  }

  bodyEligible(t: GateInput, frameW: number, frameH: number): boolean {
    const o = this.options;
    const m = o.edgeMarginPx;
    const truncated = t.box.x < m || t.box.y < m || t.box.x + t.box.w > frameW - m || t.box.y + t.box.h > frameH - m;
    return (
      t.box.h >= o.minBodyHeightPx &&
      t.score >= o.minScore &&
      (t.visibility === undefined || t.visibility >= o.minVisibility) &&
      t.occlusion <= o.maxOcclusion &&
      !truncated
    );
  }

  faceEligible(t: GateInput, frameW: number, frameH: number): boolean {
    const o = this.options;
    if (t.occlusion > o.maxOcclusion || t.score < o.minScore) return false;
    return frontalFaceWidthPx(t.landmarks, frameW, frameH, o.faceLandmarkVisibility) >= o.minFacePx;
  }

  /**
   * Track ids that get a body and a face embedding this frame. Call once per analysed frame with every matched
   * track; it remembers what was embedded (ids of tracks unseen for a minute are forgotten).
   */
  select(tracks: readonly GateInput[], ts: number, frameW: number, frameH: number): { body: number[]; face: number[] } {
    const o = this.options;
    const bodyDue: { id: number; since: number }[] = [];
    const faceDue: { id: number; since: number }[] = [];
    for (const t of tracks) {
      let m = this.mem.get(t.trackId);
      if (!m) this.mem.set(t.trackId, (m = { lastBodyTs: -Infinity, bestBody: 0, lastFaceTs: -Infinity, lastSeenTs: ts, bodyEvery: o.bodyEveryMs, faceEvery: o.faceEveryMs }));
      m.lastSeenTs = ts;
      if (t.occlusion > o.stableOcclusion) (m.bodyEvery = o.bodyEveryMs), (m.faceEvery = o.faceEveryMs);
      if (this.bodyEligible(t, frameW, frameH)) {
        const since = ts - m.lastBodyTs;
        const q = this.bodyQuality(t);
        if (since >= m.bodyEvery || (since >= o.bodyMinGapMs && q >= m.bestBody * o.bodyImproveRatio)) bodyDue.push({ id: t.trackId, since });
      }
      if (this.faceEligible(t, frameW, frameH) && ts - m.lastFaceTs >= m.faceEvery) faceDue.push({ id: t.trackId, since: ts - m.lastFaceTs });
    }
    const pick = (due: { id: number; since: number }[], n: number): number[] => due.sort((a, b) => b.since - a.since).slice(0, n).map((d) => d.id);
    const body = pick(bodyDue, o.maxBodyPerFrame);
    const face = pick(faceDue, o.maxFacePerFrame);
    const byId = new Map(tracks.map((t) => [t.trackId, t]));
    for (const id of body) {
      const m = this.mem.get(id)!;
      m.lastBodyTs = ts;
      m.bestBody = Math.max(m.bestBody, this.bodyQuality(byId.get(id)!));
      m.bodyEvery = Math.min(o.bodyMaxEveryMs, m.bodyEvery * o.stableBackoff);
    }
    for (const id of face) {
      const m = this.mem.get(id)!;
      m.lastFaceTs = ts;
      m.faceEvery = Math.min(o.faceMaxEveryMs, m.faceEvery * o.stableBackoff);
    }
    for (const [id, m] of this.mem) if (ts - m.lastSeenTs > 60_000) this.mem.delete(id);
    return { body, face };
  }

  /** A face embedding was attempted but no face was found: allow a retry sooner than `faceEveryMs`. */
  faceMissed(trackId: number, ts: number): void {
    const m = this.mem.get(trackId);
    if (m) m.lastFaceTs = ts - m.faceEvery + this.options.bodyMinGapMs;
  }
}
