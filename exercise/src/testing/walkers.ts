/**
 * Non-exercise movement for tests and benches: the stick figure of `body.ts` walks across the floor (straight,
 * towards or away from the camera, with turns), stands and talks with its hands, turns on the spot, or picks
 * something up. A gym is full of this between sets; none of it is a rep. Seen by a perspective camera (a walker
 * coming closer grows in the image) and normalised to a 16:9 or 4:3 image. Deterministic for a seed.
 */
import type { PoseFrame } from '@gym/shared';
import { mulberry32 } from '@gym/shared/random.ts';
import { add, bodyDims, buildSkeleton, comb, cross, mul, unit, UP, type BodyDims, type Limb, type PoseSpec, type V3 } from './body.ts';

export const NON_EXERCISE = ['walk', 'walk_towards', 'walk_turns', 'talk', 'turn', 'pick_up', 'idle'] as const;
export type NonExercise = (typeof NON_EXERCISE)[number];

export interface WalkerOptions {
  kind: NonExercise;
  seed: number;
  /** Length of the recording, ms (default 30000). */
  durationMs?: number;
  fps?: number;
  /** Landmark noise, fraction of the body height (default 0.004). */
  noise?: number;
  aspect?: number;
}

const rad = (d: number): number => (d * Math.PI) / 180;

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

interface BodyState {
  /** Pelvis position on the floor (x, z) and heading (radians, 0 = towards the camera's +z). */
  x: number; z: number; heading: number;
  /** Gait phase (strides), 0 when not walking. */
  gait: number;
  /** Walking (1) or standing (0), blended. */
  walking: number;
  /** Hand gesture amplitude 0..1 and phase. */
  talk: number; talkPhase: number;
  /** Bend towards the floor 0..1 (picking something up). */
  bend: number;
}

function pose(b: BodyDims, s: BodyState): PoseSpec {
  const fwd: V3 = [Math.sin(s.heading), 0, Math.cos(s.heading)];
  const left = unit(cross(UP, fwd));
  const legLen = b.thigh + b.shin;
  const ph = 2 * Math.PI * s.gait;
  const stride = 0.2 * s.walking;
  const bob = 0.012 * s.walking * Math.abs(Math.cos(ph));
  const pelvisH = b.ankleH + legLen * (0.975 - 0.35 * s.bend) - bob;
  const pelvis: V3 = [s.x, pelvisH, s.z];
  const lean = 4 * s.walking + 70 * s.bend;
  const spine = unit(add(mul(UP, Math.cos(rad(lean))), mul(fwd, Math.sin(rad(lean)))));
  const chest = unit(add(mul(fwd, Math.cos(rad(lean))), mul(UP, -Math.sin(rad(lean)))));
  const neck = comb(pelvis, spine, b.torso);
  const legs = [1, -1].map((side) => {
    const off = side * Math.sin(ph) * stride;
    // The foot swings forward (off rising) lifted, and is planted while it moves back.
    const lift = Math.max(0, side * Math.cos(ph)) * 0.07 * s.walking;
    return { target: add(comb(comb([s.x, b.ankleH + lift, s.z], left, side * (b.hipHalf + 0.02)), fwd, off), [0, 0, 0]), bend: fwd } satisfies Limb;
  }) as [Limb, Limb];
  const arms = [1, -1].map((side) => {
    const sh = comb(neck, left, side * b.shoulderHalf);
    // Arms swing opposite to the legs; talking lifts the forearms and waves them.
    const swing = -side * Math.sin(ph) * 20 * s.walking;
    const down = unit(add(mul(UP, -Math.cos(rad(swing))), mul(fwd, Math.sin(rad(swing)))));
    const elbow = comb(sh, down, b.upperArm);
    const g = s.talk * (0.6 + 0.4 * Math.sin(s.talkPhase + side));
    const foreDir = unit(add(mul(down, Math.cos(rad(20 + 80 * g))), mul(fwd, Math.sin(rad(20 + 80 * g)))));
    const reach = s.bend > 0.3 ? comb(comb(pelvis, fwd, 0.25 * s.bend), UP, -0.4 * s.bend) : comb(elbow, foreDir, b.foreArm);
    return { target: comb(reach, left, side * 0.03 * g), bend: mul(fwd, -1) } satisfies Limb;
  }) as [Limb, Limb];
  return { pelvis, spine, chest, arms, legs, toes: fwd };
}

/** One person doing something that is not an exercise; the truth is always 0 reps. */
export function generateNonExercise(o: WalkerOptions): { frames: PoseFrame[]; headerFps: number; kind: NonExercise } {
  const r = mulberry32(o.seed);
  const b = bodyDims(r);
  const fps = o.fps ?? 30, dt = 1000 / fps, dur = o.durationMs ?? 30_000;
  const noise = o.noise ?? 0.004, aspect = o.aspect ?? 16 / 9;
  // Camera at the origin looking along -z at people 3..7 body heights away.
  const depth0 = 4 + r() * 2;
  const speed = 0.65 + r() * 0.25; // body heights per second (≈ 1.1–1.5 m/s)
  const cadence = 0.85 + r() * 0.2; // strides per second
  const s: BodyState = { x: 0, z: -depth0, heading: 0, gait: 0, walking: 0, talk: 0, talkPhase: 0, bend: 0 };
  const across = r() < 0.5 ? 1 : -1;
  switch (o.kind) {
    case 'walk': s.heading = (across * Math.PI) / 2 + rad((r() - 0.5) * 40); s.x = -across * 2.2; break;
    case 'walk_towards': s.heading = rad((r() - 0.5) * 30) + (r() < 0.5 ? 0 : Math.PI); s.z = s.heading > 1 ? -3 : -8; break;
    case 'walk_turns': s.heading = (across * Math.PI) / 2; s.x = -across * 1.5; break;
    default: s.heading = rad((r() - 0.5) * 120);
  }
  let nextTurn = 2500 + r() * 3000, turnTo = s.heading, nextBend = 3000 + r() * 4000, nextGesture = 0, gestureTo = 0;
  const frames: PoseFrame[] = [];
  for (let i = 0, t = 0; t <= dur; i++, t = i * dt) {
    const ts = t + (i > 0 ? (r() * 2 - 1) * 0.1 * dt : 0);
    const sec = dt / 1000;
    const walks = o.kind === 'walk' || o.kind === 'walk_towards' || o.kind === 'walk_turns';
    if (walks) {
      s.walking = Math.min(1, s.walking + sec * 2);
      s.gait += cadence * sec * s.walking;
      s.x += Math.sin(s.heading) * speed * sec * s.walking;
      s.z += Math.cos(s.heading) * speed * sec * s.walking;
      // Walk back and forth inside the room.
      if (Math.abs(s.x) > 2.4 || s.z > -2.5 || s.z < -9) turnTo = Math.atan2(-s.x, -6 - s.z);
    }
    if (o.kind === 'walk_turns' && t > nextTurn) { turnTo = s.heading + (r() - 0.5) * Math.PI * 1.5; nextTurn = t + 2000 + r() * 3000; }
    if (o.kind === 'turn' && t > nextTurn) { turnTo = s.heading + (r() < 0.5 ? 1 : -1) * (Math.PI / 2 + r() * Math.PI); nextTurn = t + 2500 + r() * 2500; }
    s.heading += Math.max(-sec * 3, Math.min(sec * 3, turnTo - s.heading));
    if (o.kind === 'talk') {
      // Gestures are discrete moves to a new hand position every 0.3-1.5 s, not a steady swing.
      if (t > nextGesture) { gestureTo = r(); nextGesture = t + 300 + r() * 1200; }
      s.talk += (gestureTo - s.talk) * Math.min(1, sec * 6);
      s.talkPhase += sec * 2 * (r() - 0.3);
    }
    if (o.kind === 'pick_up') {
      // Bends down now and then (a dumbbell off the rack, a bottle), at irregular times 10-25 s apart.
      const since = t - nextBend;
      s.bend = since > 0 && since < 2200 ? Math.sin((Math.PI * since) / 2200) : 0;
      if (since >= 2200) nextBend = t + 8000 + r() * 15000;
    }
    if (o.kind === 'idle') s.x = 0.02 * Math.sin(t / 900);
    const world = buildSkeleton(b, pose(b, s));
    const kp = world.map((w): [number, number, number, number] => {
      const zc = Math.max(1, -w[2]);
      const f = 1.6; // focal length in image heights
      const x = 0.5 + ((w[0] / zc) * f) / aspect + gauss(r) * noise * (f / zc);
      const y = 0.55 - ((w[1] - 0.5) / zc) * f + gauss(r) * noise * (f / zc);
      return [x, y, 0, 0.9 + r() * 0.09];
    });
    frames.push({ t: Math.round(ts * 1000) / 1000, kp });
  }
  return { frames, headerFps: fps, kind: o.kind };
}
