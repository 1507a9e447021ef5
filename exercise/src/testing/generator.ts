/**
 * Parametric skeleton sequences for tests and benches: a 3D stick figure performs sets of reps of a movement
 * (body proportions, speed, tempo changes, pauses, idle time), seen by a camera (yaw, pitch, distance), normalised
 * to the image or to the person's box (x and y scaled separately), then corrupted like a real pose pipeline would
 * (landmark noise, occluded limbs with low visibility, dropped frames, the person missing for stretches, jittery
 * timestamps, a frame rate that differs from the header). Deterministic for a seed.
 */
import type { PoseFrame } from '@gym/shared';
import { bodyDims, buildSkeleton, type V3 } from './body.ts';
import { motionPose, type Fault, type MotionName } from './motions.ts';
import { HOLD_MOTIONS } from './motions-more.ts';
import { mulberry32 } from '@gym/shared/random.ts';

export interface SequenceOptions {
  motion: MotionName;
  seed: number;
  /** Reps per set (default 8). */
  reps?: number;
  sets?: number;
  /** Rest between sets, ms (default 25000). */
  restMs?: number;
  /** Seconds per rep at speed 1 (default 2.2; jumping jacks are faster). */
  repSeconds?: number;
  /** Multiplies every duration (default 1; 0.6 = fast, 1.6 = slow). */
  speed?: number;
  /** Per-rep random tempo change, fraction (default 0.15). */
  tempoJitter?: number;
  /** Pause between reps at rest, ms (default 250). */
  pauseMs?: number;
  /** Idle time standing still before and after, ms (default 2500). */
  idleMs?: number;
  /** Camera yaw in degrees: 0 = facing the camera, 90 = side view (default 20). */
  yaw?: number;
  pitch?: number;
  /** 'image' = normalised to a 16:9 frame; 'box' = to the person's box each frame (x and y scaled separately). */
  normalise?: 'image' | 'box';
  /** Image aspect width/height for 'image' (default 16/9). */
  aspect?: number;
  /** Landmark noise, as a fraction of the body height (default 0.004). */
  noise?: number;
  /** Probability per second of a limb occlusion episode (default 0). */
  occlusion?: number;
  /** Probability that a frame is dropped (kp null) (default 0). */
  dropRate?: number;
  /** Stretches where the person is not seen: [startMs, durationMs] relative to the first rep. */
  missing?: [number, number][];
  /** Real frame rate (default 30); header fps may differ (`headerFps`). */
  fps?: number;
  headerFps?: number;
  /** Timestamp jitter, fraction of a frame interval (default 0.1). */
  timeJitter?: number;
  faults?: Fault[];
  /** Timed holds (plank, wall-sit): how long the posture is held, ms (default 20000). */
  holdMs?: number;
}

export interface GeneratedSequence {
  frames: PoseFrame[];
  headerFps: number;
  /** `holdMs`: for a timed hold, how long the posture was held (reps 0). */
  truth: { motion: MotionName; reps: number; sets: number; repEnds: number[]; holdMs?: number };
}

export { mulberry32 };

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

const ease = (x: number): number => (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, x)))) / 2;

/** Phase timeline: p(t) for every ms, built from reps with tempo changes, pauses and sets. */
function timeline(o: Required<Pick<SequenceOptions, 'reps' | 'sets' | 'restMs' | 'speed' | 'tempoJitter' | 'pauseMs' | 'idleMs'>> & { repMs: number; holdMs?: number }, r: () => number) {
  const segs: { t0: number; t1: number; rep: number; kind: 'down' | 'hold' | 'up' | 'still' }[] = [];
  let t = o.idleMs;
  let rep = 0;
  const repEnds: number[] = [];
  for (let s = 0; s < o.sets; s++) {
    for (let k = 0; k < o.reps; k++) {
      const dur = o.repMs * o.speed * (1 + (r() * 2 - 1) * o.tempoJitter);
      const split = 0.4 + r() * 0.2;
      const hold = o.holdMs ?? dur * 0.08;
      segs.push({ t0: t, t1: t + dur * split, rep, kind: 'down' });
      t += dur * split;
      segs.push({ t0: t, t1: t + hold, rep, kind: 'hold' });
      t += hold;
      segs.push({ t0: t, t1: t + dur * (1 - split), rep, kind: 'up' });
      t += dur * (1 - split);
      repEnds.push(t);
      const pause = o.pauseMs * (0.5 + r());
      segs.push({ t0: t, t1: t + pause, rep: rep + 1, kind: 'still' });
      t += pause;
      rep++;
    }
    if (s < o.sets - 1) {
      segs.push({ t0: t, t1: t + o.restMs, rep, kind: 'still' });
      t += o.restMs;
    }
  }
  const end = t + o.idleMs;
  const phase = (tm: number): { p: number; rep: number } => {
    // binary search
    let lo = 0, hi = segs.length - 1;
    if (!segs.length || tm < segs[0]!.t0) return { p: 0, rep: 0 };
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.t0 <= tm) lo = mid; else hi = mid - 1;
    }
    const sg = segs[lo]!;
    if (tm > sg.t1) return { p: 0, rep: sg.rep + 1 };
    const x = (tm - sg.t0) / Math.max(1, sg.t1 - sg.t0);
    return { p: sg.kind === 'down' ? ease(x) : sg.kind === 'hold' ? 1 : sg.kind === 'up' ? 1 - ease(x) : 0, rep: sg.rep };
  };
  return { phase, end, repEnds, firstRep: o.idleMs };
}

/** Landmarks drawn as low-visibility when a limb is occluded. */
const LIMBS = [[13, 15, 17, 19, 21], [14, 16, 18, 20, 22], [25, 27, 29, 31], [26, 28, 30, 32]];

export function generateSequence(opts: SequenceOptions): GeneratedSequence {
  const r = mulberry32(opts.seed);
  const motion = opts.motion;
  const reps = opts.reps ?? 8;
  const sets = opts.sets ?? 1;
  const isHold = (HOLD_MOTIONS as readonly string[]).includes(motion);
  const fast = motion === 'jumping_jack' || motion === 'mountain_climber';
  const repMs = (opts.repSeconds ?? (fast ? 0.9 : motion === 'burpee' ? 3.2 : 2.2)) * 1000;
  const holdMs = isHold ? opts.holdMs ?? 20_000 : undefined;
  const tl = timeline({
    ...(holdMs !== undefined ? { holdMs } : {}),
    reps: isHold ? 1 : reps, sets: isHold ? 1 : sets, restMs: opts.restMs ?? 25_000, speed: opts.speed ?? 1, tempoJitter: opts.tempoJitter ?? 0.15,
    pauseMs: opts.pauseMs ?? (fast ? 60 : 250), idleMs: opts.idleMs ?? 2500, repMs,
  }, r);
  const b = bodyDims(r);
  const style = r();
  const faults = new Set(opts.faults ?? []);
  const yaw = ((opts.yaw ?? 20) * Math.PI) / 180, pitch = ((opts.pitch ?? 5) * Math.PI) / 180;
  const cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch);
  const aspect = opts.aspect ?? 16 / 9;
  const scale = 0.55 + r() * 0.25; // body height as a fraction of the image height
  const offX = 0.5 + (r() - 0.5) * 0.3, offY = 0.5 + (r() - 0.5) * 0.1;
  const noise = opts.noise ?? 0.004;
  const fps = opts.fps ?? 30;
  const dt = 1000 / fps;
  const jitter = opts.timeJitter ?? 0.1;
  const dropRate = opts.dropRate ?? 0;
  const missing = (opts.missing ?? []).map(([s, d]) => [tl.firstRep + s, tl.firstRep + s + d] as const);
  const occl = opts.occlusion ?? 0;
  let occludedUntil = -1, occludedLimb = 0;
  // Landmarks on the far side of the body (seen less well from a side view).
  const farSide = sy > 0 ? 1 : 0; // 1: right side is far
  const frames: PoseFrame[] = [];
  const sideFactor = Math.abs(sy);
  for (let i = 0, t = 0; t <= tl.end; i++, t = i * dt) {
    const ts = t + (i > 0 ? (r() * 2 - 1) * jitter * dt : 0);
    if (r() < dropRate || missing.some(([a, z]) => ts >= a && ts < z)) {
      frames.push({ t: Math.round(ts * 1000) / 1000, kp: null });
      continue;
    }
    const { p, rep } = tl.phase(ts);
    const world = buildSkeleton(b, motionPose(motion, p, { b, faults, rep, style }));
    if (occl > 0 && ts > occludedUntil && r() < occl * (dt / 1000)) {
      occludedUntil = ts + 300 + r() * 900;
      occludedLimb = Math.floor(r() * LIMBS.length);
    }
    const pts: [number, number, number, number][] = world.map((w: V3, k) => {
      // Camera: rotate about the vertical axis (yaw), then tilt (pitch); orthographic.
      const x1 = w[0] * cy - w[2] * sy, z1 = w[0] * sy + w[2] * cy;
      const y2 = w[1] * cp - z1 * sp, z2 = w[1] * sp + z1 * cp;
      const isRight = k > 10 ? (k % 2 === 0) : false;
      const far = k > 10 && (farSide === 1 ? isRight : !isRight);
      let vis = 0.93 + r() * 0.06 - (far ? sideFactor * (0.15 + r() * 0.15) : 0);
      let x = x1, y = y2;
      if (ts <= occludedUntil && LIMBS[occludedLimb]!.includes(k)) {
        vis = 0.05 + r() * 0.3;
        x += gauss(r) * 0.1; y += gauss(r) * 0.1;
      }
      return [x + gauss(r) * noise, y + gauss(r) * noise, -z2, vis];
    });
    let kp: [number, number, number, number][];
    if ((opts.normalise ?? 'image') === 'image') {
      kp = pts.map(([x, y, z, v]) => [offX + (x * scale) / aspect, offY - (y - 0.9) * scale, z * scale, v]);
    } else {
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (const [x, y] of pts) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      const w = Math.max(1e-6, x1 - x0), h = Math.max(1e-6, y1 - y0);
      kp = pts.map(([x, y, z, v]) => [(x - x0) / w, (y1 - y) / h, z / w, v]);
    }
    frames.push({ t: Math.round(ts * 1000) / 1000, kp });
  }
  const countable = motion !== 'sway' && !isHold;
  return {
    frames,
    headerFps: opts.headerFps ?? fps,
    truth: {
      motion, reps: countable ? reps * sets : 0, sets: countable ? sets : isHold ? 1 : 0, repEnds: countable ? tl.repEnds : [],
      ...(holdMs !== undefined ? { holdMs } : {}),
    },
  };
}
