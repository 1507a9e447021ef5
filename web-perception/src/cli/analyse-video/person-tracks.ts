/**
 * Collects the tracker's per-frame output of one video into people: each track's skeleton sequence, with
 * tracklets stitched into one person when a track ends and another starts soon after near where it ended (the
 * tracker lost someone for longer than its buffer, e.g. while they lay down or turned). People are numbered by how
 * long they were seen (person 1 = the main subject), and very short tracks (passers-by, false detections) are left
 * out.
 */
import type { PoseFrame, Skeleton } from '@gym/shared';
import type { BoxXYWH } from '../../tracking/box.ts';

export interface FrameTrack {
  trackId: number;
  box: BoxXYWH;
  skeleton: Skeleton | null;
}

interface Tracklet {
  trackId: number;
  firstT: number;
  lastT: number;
  firstBox: BoxXYWH;
  lastBox: BoxXYWH;
  samples: Map<number, Skeleton | null>;
}

export interface Person {
  /** 1 = seen longest. */
  id: number;
  trackIds: number[];
  firstT: number;
  lastT: number;
  /** Frames with a skeleton. */
  skeletonFrames: number;
  /** Every analysed frame from first to last sight; kp null when not seen. */
  frames: PoseFrame[];
}

export interface PersonOptions {
  /** Stitch a track that starts within this long after another ended (ms). */
  maxGapMs: number;
  /** … and whose first box centre is within this many box heights of the other's last one. */
  maxJump: number;
  /** Leave out people with fewer skeleton frames than this many seconds' worth. */
  minSeconds: number;
}

export const DEFAULT_PERSON_OPTIONS: PersonOptions = { maxGapMs: 4000, maxJump: 1, minSeconds: 1 };

const centre = (b: BoxXYWH) => [b.x + b.w / 2, b.y + b.h / 2] as const;

export class PersonCollector {
  private readonly tracklets = new Map<number, Tracklet>();
  private readonly times: number[] = [];

  /** One analysed frame (every frame, also those with no one in view, so gaps are known). */
  add(t: number, tracks: readonly FrameTrack[]): void {
    this.times.push(t);
    for (const tr of tracks) {
      let k = this.tracklets.get(tr.trackId);
      if (!k) this.tracklets.set(tr.trackId, (k = { trackId: tr.trackId, firstT: t, lastT: t, firstBox: tr.box, lastBox: tr.box, samples: new Map() }));
      k.lastT = t;
      k.lastBox = tr.box;
      k.samples.set(t, tr.skeleton);
    }
  }

  get frameCount(): number {
    return this.times.length;
  }

  persons(fps: number, opts: Partial<PersonOptions> = {}): Person[] {
    const o = { ...DEFAULT_PERSON_OPTIONS, ...opts };
    const groups: Tracklet[][] = [];
    for (const k of [...this.tracklets.values()].sort((a, b) => a.firstT - b.firstT)) {
      let best: Tracklet[] | null = null;
      let bestD = Infinity;
      for (const g of groups) {
        const last = g[g.length - 1]!;
        const gap = k.firstT - last.lastT;
        if (gap <= 0 || gap > o.maxGapMs) continue;
        const [ax, ay] = centre(last.lastBox);
        const [bx, by] = centre(k.firstBox);
        const d = Math.hypot(ax - bx, ay - by) / Math.max(last.lastBox.h, k.firstBox.h, 1e-6);
        if (d <= o.maxJump && d < bestD) {
          bestD = d;
          best = g;
        }
      }
      if (best) best.push(k);
      else groups.push([k]);
    }
    const minFrames = Math.max(3, Math.round(o.minSeconds * fps));
    const out: Omit<Person, 'id'>[] = [];
    for (const g of groups) {
      const firstT = g[0]!.firstT;
      const lastT = g[g.length - 1]!.lastT;
      const frames: PoseFrame[] = [];
      let skeletonFrames = 0;
      for (const t of this.times) {
        if (t < firstT || t > lastT) continue;
        let kp: Skeleton | null = null;
        for (const k of g) {
          const s = k.samples.get(t);
          if (s) kp = s;
        }
        if (kp) skeletonFrames++;
        frames.push({ t, kp });
      }
      if (skeletonFrames >= minFrames) out.push({ trackIds: g.map((k) => k.trackId), firstT, lastT, skeletonFrames, frames });
    }
    out.sort((a, b) => b.skeletonFrames - a.skeletonFrames || a.firstT - b.firstT);
    return out.map((p, i) => ({ id: i + 1, ...p }));
  }
}
