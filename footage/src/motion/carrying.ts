/**
 * A negative for the exercise engine: a person carrying a weight (a dumbbell, a plate, a kettlebell; one hand or
 * both) along a path, optionally picking it up first, and putting it down at the end (a bend with the knees and a
 * lean, once). No reps: the truth has no sets. The item is in the hand while held and on the floor where it was
 * picked up from or put down.
 */
import type { Person } from '../scene.schema.ts';
import { REST_JOINTS as R, type Joints } from '../rig/skeleton.ts';
import { lerp, type V3 } from '../rig/vec.ts';
import { armDir, bend, buildPosture, standing, type ArmControl, type BodyControls } from './body.ts';
import { heldInHand, onFloor, type Placement } from './equipment.ts';
import { idleControls, walkingControls } from './exercises.ts';
import type { Timeline } from './timeline.ts';

type Carrier = Extract<Person, { role: 'carrying' }>;
type Side = 'l' | 'r';

const BEND_S = 1.3, LOW_S = 0.4, RISE_S = 1.1;
const deg = (d: number) => (d * Math.PI) / 180;
const L: V3 = [-1, 0, 0];
const smooth = (x: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, Math.min(1, x)));

/** The carrying arm hangs still at the side, a little out from the body (a plate further out). */
function holdArm(side: Side, item: Carrier['item']): ArmControl {
  const u = armDir(side, deg(3), deg(item === 'plate' ? 16 : 9));
  return { kind: 'fk', upper: u, fore: bend(u, L, deg(6)), hinge: L };
}

function holding(c: BodyControls, sides: Side[], item: Carrier['item']): BodyControls {
  const arms = { ...c.arms };
  for (const s of sides) arms[s] = holdArm(s, item);
  return { ...c, arms };
}

/** Bending down to the floor beside the feet (d = 1 the bottom), the carrying hands reaching down by IK. */
function bendDown(c: BodyControls, d: number, sides: Side[], item: Carrier['item']): BodyControls {
  const lean = deg(62) * d;
  const out: BodyControls = {
    ...c,
    pelvis: [0, R.pelvis[1] - 0.44 * d, 0.01 - 0.2 * d],
    torsoPitch: lean,
    legs: { l: { ...c.legs.l, ankle: [0.15, R.lAnkle[1], 0], pole: [0.35, 0, 1] }, r: { ...c.legs.r, ankle: [-0.15, R.rAnkle[1], 0], pole: [-0.35, 0, 1] } },
  };
  const free = (s: Side): ArmControl => {
    const u = armDir(s, lean - deg(10), deg(8));
    return { kind: 'fk', upper: u, fore: bend(u, L, deg(25)), hinge: L };
  };
  out.arms = { l: free('l'), r: free('r') };
  const hold = buildPosture(holding(c, sides, item)).joints;
  const y = (v: V3): V3 => [v[0] * Math.cos(c.yaw) + v[2] * Math.sin(c.yaw), v[1], -v[0] * Math.sin(c.yaw) + v[2] * Math.cos(c.yaw)];
  for (const s of sides) {
    const o = y([s === 'l' ? 0.24 : -0.24, 0, 0.42]);
    const floor: V3 = [c.x + o[0], floorGrip(item), c.z + o[2]];
    out.arms[s] = { kind: 'ik', wrist: lerp(hold[`${s}Wrist`], floor, d), pole: y([s === 'l' ? 0.6 : -0.6, 0.2, -1]), hinge: y(L) };
  }
  return out;
}

/** Wrist height when gripping the item on the floor (its centre height, the grip above it, the hand). */
const floorGrip = (item: Carrier['item']) => (item === 'plate' ? 0.17 + 0.15 : item === 'kettlebell' ? 0.09 + 0.08 : 0.05) + 0.06;

export function carryingTimeline(p: Carrier): Timeline {
  const sides: Side[] = p.hand === 'both' ? ['l', 'r'] : [p.hand === 'left' ? 'l' : 'r'];
  const pts = p.path;
  const seg = pts.slice(1).map((b, i) => ({ a: pts[i]!, b, len: Math.hypot(b[0] - pts[i]![0], b[1] - pts[i]![1]) }));
  const length = seg.reduce((s, x) => s + x.len, 0);
  const yawOf = (x: (typeof seg)[number]) => Math.atan2(x.b[0] - x.a[0], x.b[1] - x.a[1]);
  const pickS = p.pickUp ? BEND_S + LOW_S + RISE_S : 0;
  const walkStart = p.startS + pickS, walkEnd = walkStart + length / p.speed;
  const downEnd = walkEnd + BEND_S + LOW_S, upEnd = downEnd + RISE_S;
  const first = { x: pts[0]![0], z: pts[0]![1], yaw: yawOf(seg[0]!) };
  const last = { x: pts.at(-1)![0], z: pts.at(-1)![1], yaw: yawOf(seg.at(-1)!) };
  const walkAt = (t: number) => {
    let s = Math.max(0, (t - walkStart) * p.speed);
    for (const x of seg) {
      if (s <= x.len) {
        const f = x.len ? s / x.len : 0;
        return { x: x.a[0] + (x.b[0] - x.a[0]) * f, z: x.a[1] + (x.b[1] - x.a[1]) * f, yaw: yawOf(x) };
      }
      s -= x.len;
    }
    return last;
  };
  /** Depth of the bend at time t around a bend that starts at `t0` (down, a moment low, up). */
  const bendDepth = (t: number, t0: number) => (t < t0 + BEND_S ? smooth((t - t0) / BEND_S) : t < t0 + BEND_S + LOW_S ? 1 : 1 - smooth((t - t0 - BEND_S - LOW_S) / RISE_S));
  const controlsAt = (t: number): BodyControls => {
    if (p.pickUp && t >= p.startS && t < walkStart) return bendDown(standing(first.x, first.z, first.yaw), bendDepth(t, p.startS), sides, p.item);
    if (t < walkStart) return p.pickUp ? idleControls(standing(first.x, first.z, first.yaw), t, false) : holding(idleControls(standing(first.x, first.z, first.yaw), t, false), sides, p.item);
    if (t < walkEnd) {
      const a = walkAt(t);
      return holding(walkingControls(standing(a.x, a.z, a.yaw), ((t - walkStart) * p.speed) / 1.4), sides, p.item);
    }
    if (t < upEnd) return bendDown(standing(last.x, last.z, last.yaw), bendDepth(t, walkEnd), sides, p.item);
    return idleControls(standing(last.x, last.z, last.yaw), t, false);
  };
  // Where the items lie on the floor: under the palms at the bottom of the bend (picking up and putting down).
  const floorSpots = (at: { x: number; z: number; yaw: number }) => {
    const j = buildPosture(bendDown(standing(at.x, at.z, at.yaw), 1, sides, p.item)).joints;
    return sides.map((s) => {
      const palm = lerp(j[`${s}Wrist`], j[`${s}HandTip`], 0.5);
      return onFloor(palm[0], palm[2], along(at.yaw, p.item), p.item);
    });
  };
  const startSpots = floorSpots(first), endSpots = floorSpots(last);
  const heldFrom = p.pickUp ? p.startS + BEND_S + LOW_S / 2 : -Infinity, heldUntil = walkEnd + BEND_S + LOW_S / 2;
  return {
    yaw: first.yaw,
    x: first.x,
    z: first.z,
    sets: [],
    equipment: sides.map(() => p.item),
    equipmentAt(t: number, c: BodyControls, j: Joints): Placement[] {
      if (t < heldFrom) return startSpots;
      if (t >= heldUntil) return endSpots;
      return sides.map((s) => heldInHand(j, s, p.item, alongVec(c.yaw, p.item)));
    },
    controlsAt,
  };
}

/** Handles point forward (a neutral grip); a plate's face is parallel to the body's side. */
const along = (yaw: number, item: Carrier['item']) => (item === 'plate' ? yaw : yaw - Math.PI / 2);
const alongVec = (yaw: number, item: Carrier['item']): V3 => {
  const a = along(yaw, item);
  return [Math.cos(a), 0, -Math.sin(a)];
};
