/**
 * Equipment a person uses or carries: a pull-up bar on posts, a bench, a mat, a barbell, a dumbbell, a plate, a
 * kettlebell. Each item is simple geometry the page builds from its kind (page/equipment-meshes.ts) and, per frame,
 * a placement computed here in Node: in the person's body frame for stations (the bar, the bench, the mat: they
 * scale with the person's height like the body does, so a tall person's bar is higher), or from the posed hands for
 * what is held. Sizes are metres of the 1.66 m rest mesh.
 */
import type { Joints } from '../rig/skeleton.ts';
import { add, cross, lerp, norm, scale, sub, yawRot, type M3, type V3 } from '../rig/vec.ts';

export const EQUIPMENT_KINDS = ['pullup_bar', 'bench', 'mat', 'barbell', 'dumbbell', 'plate', 'kettlebell', 'dip_bars', 'thrust_bench', 'wall', 'kettlebell_2h'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

/** Station geometry (rest metres): the pull-up bar's height, grip and offset; the bench top; the mat. */
export const STATION = {
  barY: 2.04,
  barZ: 0.12,
  gripX: 0.3,
  benchTop: 0.46,
  benchZ: -0.35,
  matZ: -0.3,
  /** Dip bars: height and half the distance between them (hands just outside the shoulders). */
  dipBarY: 1.22,
  dipHalf: 0.23,
  /** Hip-thrust bench across behind the shoulders: its top (the bench's) and centre; where the shoulders rest on it. */
  thrustBenchTop: 0.46,
  thrustBenchZ: -0.62,
  thrustShoulderZ: -0.5,
  /** The wall a wall-sit leans on: its front face behind the person. */
  wallZ: -0.3,
} as const;

export interface Placement {
  /** Row-major 3×3 rotation (a scale is applied later with the person's height). */
  r: M3;
  p: V3;
}

export const yawMatrix = (yaw: number): M3 => {
  const c = Math.cos(yaw), s = Math.sin(yaw);
  return [c, 0, s, 0, 1, 0, -s, 0, c];
};

/** A station in the person's body frame: `local` (x lateral, z forward) from the person's floor point. */
export function stationPlacement(x: number, z: number, yaw: number, local: V3): Placement {
  const w = yawRot(yaw)(local);
  return { r: yawMatrix(yaw), p: [x + w[0], w[1], z + w[2]] };
}

/** A rotation whose local x runs along `along` and local y is as close to `up` as it can be. */
function basis(along: V3, up: V3): M3 {
  const x = norm(along);
  const z = norm(cross(x, up));
  const y = cross(z, x);
  return [x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]];
}

/** A barbell gripped by both hands: centred between the palms, along the line joining them. */
export function barbellInHands(j: Joints): Placement {
  const palm = (s: 'l' | 'r') => lerp(j[`${s}Wrist`], j[`${s}HandTip`], 0.45);
  const l = palm('l'), r = palm('r');
  return { r: basis(sub(l, r), [0, 1, 0]), p: lerp(l, r, 0.5) };
}

/**
 * A weight held in one hand: in the palm, handle across the hand. A plate hangs by its rim (its centre below the
 * hand), a kettlebell by its handle (the bell below), a dumbbell with its handle in the fist.
 */
export function heldInHand(j: Joints, side: 'l' | 'r', kind: EquipmentKind, lateral: V3): Placement {
  const palm = lerp(j[`${side}Wrist`], j[`${side}HandTip`], 0.5);
  const down = norm(sub(j[`${side}HandTip`], j[`${side}Wrist`]));
  const drop = kind === 'plate' ? 0.15 : kind === 'kettlebell' ? 0.08 : 0;
  return { r: basis(lateral, scale(down, -1)), p: add(palm, scale(down, drop)) };
}

/** One kettlebell swung in both hands: its handle between the palms, the bell beyond them along the arms. */
export function bellInBothHands(j: Joints, lateral: V3): Placement {
  const palm = lerp(lerp(j.lWrist, j.lHandTip, 0.5), lerp(j.rWrist, j.rHandTip, 0.5), 0.5);
  const down = norm(add(sub(j.lHandTip, j.lWrist), sub(j.rHandTip, j.rWrist)));
  return { r: basis(lateral, scale(down, -1)), p: add(palm, scale(down, 0.08)) };
}

/** An item resting on the floor at (x, z), its local y up: `lift` is the height of its centre. */
export function onFloor(x: number, z: number, yaw: number, kind: EquipmentKind): Placement {
  const lift = kind === 'plate' ? 0.17 : kind === 'kettlebell' ? 0.09 : kind === 'dumbbell' ? 0.05 : 0;
  return { r: yawMatrix(yaw), p: [x, lift, z] };
}
