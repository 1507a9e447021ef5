/**
 * Hand-checked reference for the first seconds of Debian opencv-doc's `vtest.avi` (768×576, 10 fps), made by
 * looking at one frame per second (2026-11-25). There are no per-frame boxes, so trackers are scored on what a
 * person checking by eye can count: how many distinct pedestrians there are, and how many are in view each second.
 *
 * - t=0 s: three pedestrians (left, by the lamp post, right).
 * - t≈1–2 s: two more (red/navy jacket with papers, and a woman in black) enter from the right edge.
 * - t≈3–6 s: the first three cross by the lamp post and occlude each other (the hard part).
 * - t≈4 s: a sixth (jeans, dark jacket) enters from the right edge.
 * - t≈8 s: a seventh appears far away at the top (≈15 px tall: below what the detectors see; not counted).
 */
export const VTEST_FILE = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

export const VTEST_REFERENCE = {
  seconds: 8,
  /** Distinct pedestrians in view during the first `seconds`. */
  distinctPeople: 6,
  /** Pedestrians visible (at least half the body) at t = 0, 1, …, 7 s. */
  visibleAt: [3, 4, 5, 5, 6, 6, 6, 6] as const,
};

export interface VtestScore {
  idsIssued: number;
  /** Ids beyond the distinct people: each one is a fragment or an id switch (upper bound on switches). */
  extraIds: number;
  /** Tracked people at each whole second vs the reference. */
  trackedAt: number[];
  /** Mean |tracked − visible| over the whole seconds. */
  countError: number;
}

/** Scores confirmed-track output per frame (timestamps ms from the start of the file). */
export function scoreVtest(frames: readonly { t: number; ids: readonly number[] }[]): VtestScore {
  const ref = VTEST_REFERENCE;
  const ids = new Set<number>();
  for (const f of frames) if (f.t < ref.seconds * 1000) for (const id of f.ids) ids.add(id);
  const trackedAt = ref.visibleAt.map((_, s) => {
    let best = frames[0];
    for (const f of frames) if (Math.abs(f.t - s * 1000) < Math.abs((best?.t ?? Infinity) - s * 1000)) best = f;
    return best ? best.ids.length : 0;
  });
  const countError = trackedAt.reduce((a, n, i) => a + Math.abs(n - ref.visibleAt[i]!), 0) / trackedAt.length;
  return { idsIssued: ids.size, extraIds: Math.max(0, ids.size - ref.distinctPeople), trackedAt, countError };
}
