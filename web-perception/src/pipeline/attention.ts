/**
 * Attention by activity (issue 19): which tracked people get a pose on every analysed frame and which only now and
 * then. Pose costs ≈ 100+ ms per person in wasm; a gym's walkers and idlers need their box and id (tracking, ReID),
 * not a skeleton five times a second. Exercising people (and those about to: new tracks until classified) keep the
 * full rate, so rep counting and form cues do not suffer.
 *
 * The signal is cheap and comes from what the pipeline has anyway, over a sliding window per track:
 *  - travel: the slope of a least-squares line through the box centre over time, in box heights per second.
 *    Walking across the floor is ≥ 0.5 heights/s; exercising in place is near 0.
 *  - in-place box motion: the residual (detrended) spread of the box's height, width and centre, in box heights.
 *    Squats, jumping jacks, lunges, push-ups change the box; standing still does not (detector jitter ≈ 1–3 %).
 *  - limb motion: the spread of wrists, elbows and knees relative to the hip centre, in torso lengths, over the
 *    skeletons the track got (at the low rate too): curls, presses and raises move the arms inside a still box.
 *  - lying: a box wider than tall (push-ups, planks, sit-ups, floor work).
 * Hysteresis: a person stays "exercising" for `holdMs` after the last active signal (rests between reps), unless
 * they walk away. An external hint (`hint`, e.g. the exercise engine saying a set is under way) counts as a signal.
 * Pure logic, no I/O.
 */
import { LM, type Landmark } from '@gym/shared';
import type { BoxXYWH } from '../tracking/box.ts';

/** The activity class of a track; `new`, `exercising` and `lying` get the full pose rate. */
export type Activity = 'new' | 'exercising' | 'lying' | 'walking' | 'idle';

export interface AttentionOptions {
  /** Sliding window of box / skeleton samples per track, ms. */
  windowMs: number;
  /** A track is `new` (full rate) until its samples span this long, ms. */
  minSpanMs: number;
  /** Net travel of the box centre above this (box heights per second) is walking. */
  walkSpeed: number;
  /** Residual spread of box height / width / centre above this (box heights) is exercising in place. */
  boxMotion: number;
  /** Spread of wrists / elbows / knees about the hip centre above this (torso lengths) is exercising. */
  limbMotion: number;
  /** Box width / height above this is lying (floor work). */
  lyingAspect: number;
  /** Stays exercising this long after the last active signal, ms. */
  holdMs: number;
  /** A walking or idle person gets a pose on every n-th analysed frame. */
  passiveEvery: number;
}

export const DEFAULT_ATTENTION: AttentionOptions = {
  windowMs: 3000,
  minSpanMs: 1200,
  walkSpeed: 0.3,
  boxMotion: 0.04,
  limbMotion: 0.12,
  lyingAspect: 1.1,
  holdMs: 4000,
  passiveEvery: 3,
};

export const FULL_RATE: ReadonlySet<Activity> = new Set<Activity>(['new', 'exercising', 'lying']);

interface Sample {
  ts: number;
  cx: number;
  cy: number;
  w: number;
  h: number;
}

interface LimbSample {
  ts: number;
  /** Joint positions relative to the hip centre, in torso lengths (x, y interleaved); NaN when not visible. */
  rel: number[];
}

interface TrackState {
  boxes: Sample[];
  limbs: LimbSample[];
  poses: number[];
  lastActive: number;
  hintUntil: number;
  activity: Activity;
  framesSincePose: number;
}

const LIMB_JOINTS = [LM.left_wrist, LM.right_wrist, LM.left_elbow, LM.right_elbow, LM.left_knee, LM.right_knee] as const;

/** Slope (per second) and residual standard deviation of ys over ts (ms), least squares. */
export function lineFit(ts: readonly number[], ys: readonly number[]): { slope: number; residual: number } {
  const n = ts.length;
  if (n < 2) return { slope: 0, residual: 0 };
  let mt = 0;
  let my = 0;
  for (let i = 0; i < n; i++) (mt += ts[i]!), (my += ys[i]!);
  mt /= n;
  my /= n;
  let stt = 0;
  let sty = 0;
  for (let i = 0; i < n; i++) {
    const dt = ts[i]! - mt;
    stt += dt * dt;
    sty += dt * (ys[i]! - my);
  }
  const b = stt > 0 ? sty / stt : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const e = ys[i]! - my - b * (ts[i]! - mt);
    ss += e * e;
  }
  return { slope: b * 1000, residual: Math.sqrt(ss / n) };
}

function std(xs: readonly number[]): number {
  const v = xs.filter(Number.isFinite);
  if (v.length < 3) return 0;
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
}

/** Wrists, elbows and knees relative to the hip centre in torso lengths; null when the torso is not visible. */
export function limbOffsets(sk: readonly Landmark[], width: number, height: number, minVis = 0.5): number[] | null {
  const p = (i: number) => sk[i];
  const ls = p(LM.left_shoulder), rs = p(LM.right_shoulder), lh = p(LM.left_hip), rh = p(LM.right_hip);
  if (!ls || !rs || !lh || !rh || Math.min(ls[3], rs[3], lh[3], rh[3]) < minVis) return null;
  const hx = ((lh[0] + rh[0]) / 2) * width, hy = ((lh[1] + rh[1]) / 2) * height;
  const sx = ((ls[0] + rs[0]) / 2) * width, sy = ((ls[1] + rs[1]) / 2) * height;
  const torso = Math.hypot(sx - hx, sy - hy);
  if (!(torso > 1e-6)) return null;
  const out: number[] = [];
  for (const j of LIMB_JOINTS) {
    const q = p(j);
    if (!q || q[3] < minVis) out.push(NaN, NaN);
    else out.push((q[0] * width - hx) / torso, (q[1] * height - hy) / torso);
  }
  return out;
}

export class AttentionPolicy {
  readonly options: AttentionOptions;
  private readonly tracks = new Map<number, TrackState>();

  constructor(opts: Partial<AttentionOptions> = {}) {
    this.options = { ...DEFAULT_ATTENTION, ...opts };
    this.options.passiveEvery = Math.max(1, Math.floor(this.options.passiveEvery));
  }

  private state(id: number): TrackState {
    let s = this.tracks.get(id);
    if (!s) {
      s = { boxes: [], limbs: [], poses: [], lastActive: -Infinity, hintUntil: -Infinity, activity: 'new', framesSincePose: Infinity };
      this.tracks.set(id, s);
    }
    return s;
  }

  /** Activity of a track as of its last `observe`; `new` for a track never seen. */
  activity(id: number): Activity {
    return this.tracks.get(id)?.activity ?? 'new';
  }

  /** Whether the track should get a pose on the coming frame. Id 0 (a tentative track) always does. */
  wantsPose(id: number): boolean {
    const s = this.tracks.get(id);
    if (id === 0 || !s || FULL_RATE.has(s.activity)) return true;
    return s.framesSincePose + 1 >= this.options.passiveEvery;
  }

  /** Treat the track as exercising until `untilTs` (e.g. the server's engine has a set under way). */
  hint(id: number, untilTs: number): void {
    this.state(id).hintUntil = Math.max(this.state(id).hintUntil, untilTs);
  }

  /**
   * One analysed frame of a track: its box (pixels) and the skeleton it got this frame (null when it got none).
   * Returns the activity, re-classified with this sample.
   */
  observe(id: number, ts: number, box: BoxXYWH, skeleton: readonly Landmark[] | null, width: number, height: number): Activity {
    const o = this.options;
    const s = this.state(id);
    s.boxes.push({ ts, cx: box.x + box.w / 2, cy: box.y + box.h / 2, w: box.w, h: box.h });
    if (skeleton) {
      s.poses.push(ts);
      s.framesSincePose = 0;
      const rel = limbOffsets(skeleton, width, height);
      if (rel) s.limbs.push({ ts, rel });
    } else s.framesSincePose++;
    const from = ts - o.windowMs;
    while (s.boxes.length && s.boxes[0]!.ts < from) s.boxes.shift();
    while (s.limbs.length && s.limbs[0]!.ts < from) s.limbs.shift();
    while (s.poses.length && s.poses[0]! < from) s.poses.shift();
    s.activity = this.classify(s, ts);
    return s.activity;
  }

  /** A frame on which the track was not observed (coasted on its prediction): counts towards its pose due. */
  skipped(id: number): void {
    const s = this.tracks.get(id);
    if (s) s.framesSincePose++;
  }

  /** Poses per second the track got over its window (what the console shows). */
  poseFps(id: number, ts: number): number {
    const s = this.tracks.get(id);
    if (!s || !s.poses.length || !s.boxes.length) return 0;
    const span = Math.max(ts - s.boxes[0]!.ts, 1);
    if (s.boxes.length < 2) return 0;
    // n samples span n − 1 intervals: rate = (poses − 1) / span would be 0 for one pose; use the frame rate share.
    return (s.poses.length / s.boxes.length) * ((s.boxes.length - 1) / span) * 1000;
  }

  /** Forget tracks with no sample since `beforeTs` (gone from view). */
  prune(beforeTs: number): void {
    for (const [id, s] of this.tracks) if (!s.boxes.length || s.boxes[s.boxes.length - 1]!.ts < beforeTs) this.tracks.delete(id);
  }

  private classify(s: TrackState, ts: number): Activity {
    const o = this.options;
    const b = s.boxes;
    const last = b[b.length - 1]!;
    const span = ts - b[0]!.ts;
    if (last.w / Math.max(1e-6, last.h) >= o.lyingAspect) {
      s.lastActive = ts;
      return 'lying';
    }
    if (span < o.minSpanMs && s.activity === 'new') return 'new';
    const t = b.map((x) => x.ts);
    const mh = b.reduce((a, x) => a + x.h, 0) / b.length;
    const fx = lineFit(t, b.map((x) => x.cx / mh));
    const fy = lineFit(t, b.map((x) => x.cy / mh));
    const speed = Math.hypot(fx.slope, fy.slope);
    if (speed > o.walkSpeed && ts >= s.hintUntil) return 'walking';
    const boxMotion = Math.max(fx.residual, fy.residual, lineFit(t, b.map((x) => x.h / mh)).residual, lineFit(t, b.map((x) => x.w / mh)).residual);
    let limbMotion = 0;
    if (s.limbs.length >= 3) {
      const k = s.limbs[0]!.rel.length;
      for (let j = 0; j < k; j++) limbMotion = Math.max(limbMotion, std(s.limbs.map((l) => l.rel[j]!)));
    }
    if (boxMotion > o.boxMotion || limbMotion > o.limbMotion || ts < s.hintUntil) s.lastActive = ts;
    return ts - s.lastActive <= o.holdMs ? 'exercising' : 'idle';
  }
}
