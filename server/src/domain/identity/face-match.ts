/**
 * Open-set face identification: a face is taken as an enrolled member only when it is close enough to that
 * member (similarity ≥ threshold) AND clearly closer to them than to anyone else (margin). Otherwise it stays
 * unknown: a wrong name is worse than no name.
 */
export interface FaceCandidate {
  memberId: string;
  /** Cosine similarity between the probe and one of the member's enrolled faces. */
  similarity: number;
}

export interface FaceMatchOptions {
  /** Minimum cosine similarity (config `identity.faceMatchThreshold`). */
  threshold: number;
  /** Best member must beat the second-best member by this much. */
  margin?: number;
}

export type FaceDecision =
  | { kind: 'member'; memberId: string; similarity: number; confidence: number }
  | { kind: 'unknown'; reason: 'no-candidates' | 'below-threshold' | 'ambiguous'; best: number };

export function matchFace(candidates: readonly FaceCandidate[], opts: FaceMatchOptions): FaceDecision {
  const margin = opts.margin ?? 0.05;
  // Best similarity per member (several enrolled photos each).
  const best = new Map<string, number>();
  for (const c of candidates) best.set(c.memberId, Math.max(best.get(c.memberId) ?? -1, c.similarity));
  const ranked = [...best.entries()].sort((a, b) => b[1] - a[1]);
  const top = ranked[0];
  if (!top) return { kind: 'unknown', reason: 'no-candidates', best: -1 };
  if (top[1] < opts.threshold) return { kind: 'unknown', reason: 'below-threshold', best: top[1] };
  const second = ranked[1]?.[1] ?? -1;
  if (top[1] - second < margin) return { kind: 'unknown', reason: 'ambiguous', best: top[1] };
  // Confidence: how far above the threshold, scaled into 0.5..1.
  const confidence = Math.min(1, 0.5 + (0.5 * (top[1] - opts.threshold)) / Math.max(1e-6, 1 - opts.threshold));
  return { kind: 'member', memberId: top[0], similarity: top[1], confidence };
}
