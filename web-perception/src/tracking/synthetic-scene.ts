/**
 * Synthetic walking people for tracker tests and benches: constant-velocity walkers with jitter, missed detections,
 * occlusion (the person further from the camera loses or weakens its detection while covered) and clutter.
 */
import { iou, type BoxXYWH } from './box.ts';
import type { Detection } from './byte-tracker.ts';
import type { LabelledBox } from './track-metrics.ts';
import { mulberry32 as rng } from '@gym/shared/random.ts';

export interface Walker {
  x: number;
  y: number;
  vx: number;
  vy: number;
  w: number;
  h: number;
  /** First and last frame in view (inclusive). */
  from?: number;
  to?: number;
  /** Frames (inclusive ranges) with no detection at all, e.g. behind a pillar. */
  hidden?: [number, number][];
  /** Frames with a weak detection (score in the low band). */
  weak?: [number, number][];
}

export interface SceneOptions {
  frames: number;
  fps: number;
  walkers: Walker[];
  seed?: number;
  /** Box jitter, pixels (std). */
  noisePx?: number;
  /** Probability a visible person is not detected in a frame. */
  missRate?: number;
  /** What happens to a covered person's detection: gone, or a low score. */
  occlusion?: 'drop' | 'weak';
  /** IoU with a nearer person above which a person counts as covered. */
  occlusionIou?: number;
  /** Spurious one-frame detections per frame (mean). */
  clutter?: number;
  width?: number;
  height?: number;
}

export interface SceneFrame {
  ts: number;
  truth: LabelledBox[];
  detections: Detection[];
}

/** Small deterministic PRNG (mulberry32). */
export { rng };

const inRanges = (f: number, r: [number, number][] | undefined): boolean => !!r?.some(([a, b]) => f >= a && f <= b);

export function simulateScene(o: SceneOptions): SceneFrame[] {
  const rand = rng(o.seed ?? 1);
  const gauss = (): number => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const noise = o.noisePx ?? 2;
  const W = o.width ?? 768;
  const H = o.height ?? 576;
  const out: SceneFrame[] = [];
  for (let f = 0; f < o.frames; f++) {
    const truth: LabelledBox[] = [];
    o.walkers.forEach((w, id) => {
      if (f < (w.from ?? 0) || f > (w.to ?? Infinity)) return;
      const k = f - (w.from ?? 0);
      truth.push({ id: id + 1, box: { x: w.x + w.vx * k, y: w.y + w.vy * k, w: w.w, h: w.h } });
    });
    const detections: Detection[] = [];
    for (const t of truth) {
      const walker = o.walkers[t.id - 1]!;
      if (inRanges(f, walker.hidden) || rand() < (o.missRate ?? 0)) continue;
      const bottom = t.box.y + t.box.h;
      const covered = truth.some((u) => u !== t && u.box.y + u.box.h > bottom && iou(u.box, t.box) > (o.occlusionIou ?? 0.3));
      let score = 0.7 + 0.25 * rand();
      if (inRanges(f, walker.weak)) score = 0.2 + 0.2 * rand();
      if (covered) {
        if ((o.occlusion ?? 'drop') === 'drop') continue;
        score = 0.15 + 0.25 * rand();
      }
      const box: BoxXYWH = { x: t.box.x + noise * gauss(), y: t.box.y + noise * gauss(), w: t.box.w + noise * gauss(), h: t.box.h + noise * gauss() };
      detections.push({ box, score });
    }
    const clutterN = o.clutter ?? 0;
    for (let c = 0; c < clutterN; c++) {
      if (rand() > clutterN - c) break;
      detections.push({ box: { x: rand() * (W - 60), y: rand() * (H - 150), w: 40 + rand() * 30, h: 100 + rand() * 60 }, score: 0.5 + 0.3 * rand() });
    }
    // Detector order is arbitrary: shuffle so the tracker cannot rely on it.
    for (let i = detections.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [detections[i], detections[j]] = [detections[j]!, detections[i]!];
    }
    out.push({ ts: Math.round((f * 1000) / o.fps), truth, detections });
  }
  return out;
}
