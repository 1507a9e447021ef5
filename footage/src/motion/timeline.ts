/**
 * A person's programme laid out in time: when each rep starts, bottoms out and ends (the truth), and the body
 * controls at any time t (what is rendered). Deterministic: no clock, no randomness beyond the scene's data.
 */
import type { TruthRep, TruthSet } from '@gym/shared';
import type { Person } from '../scene.schema.ts';
import type { BodyControls } from './body.ts';
import { equipmentPlacement, EQUIPMENT_OF, exerciseControls, idleControls, STATIONED, standing, walkingControls, type ExerciseName } from './exercises.ts';
import type { EquipmentKind, Placement } from './equipment.ts';
import type { Joints } from '../rig/skeleton.ts';
import { carryingTimeline } from './carrying.ts';

interface RepSlot { exercise: ExerciseName; start: number; down: number; hold: number; up: number; depth: number; counted: boolean; index: number }

export interface Timeline {
  controlsAt(t: number): BodyControls;
  /** The equipment the person has in the clip (one mesh each) and where each item is at time t, given the pose. */
  equipment: EquipmentKind[];
  equipmentAt(t: number, c: BodyControls, joints: Joints): Placement[];
  sets: TruthSet[];
  /** Facing at the start (radians) and floor position, for the truth's view angle. */
  yaw: number;
  x: number;
  z: number;
}

const smooth = (x: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, Math.min(1, x)));

export function timeline(p: Person): Timeline {
  if (p.role === 'walking') return walkingTimeline(p);
  if (p.role === 'carrying') return carryingTimeline(p);
  const yaw = (p.at.yawDeg * Math.PI) / 180;
  const base = standing(p.at.x, p.at.z, yaw);
  if (p.role !== 'exercising') return { controlsAt: (t) => idleControls(base, t, p.role === 'talking'), sets: [], yaw, x: p.at.x, z: p.at.z, ...NO_EQUIPMENT };
  const slots: RepSlot[] = [];
  const sets: TruthSet[] = [];
  let t = p.startS;
  for (const s of p.sets) {
    const setStart = t;
    if (s.holdS !== undefined) {
      // A timed hold: into position (tempo.down), held, out of it (tempo.up); no reps.
      const slot: RepSlot = { exercise: s.exercise, start: t, down: s.tempo.down, hold: s.holdS, up: s.tempo.up, depth: 1, counted: true, index: 0 };
      slots.push(slot);
      const end = t + slot.down + slot.hold + slot.up;
      sets.push({ exercise: s.exercise, start: r3(setStart), end: r3(end), reps: [], holdS: r3(s.holdS), hold: { start: r3(t + slot.down), end: r3(t + slot.down + slot.hold) } });
      t = end + s.restAfter;
      continue;
    }
    const reps: TruthRep[] = [];
    const nReps = s.reps ?? 0;
    const total = s.partialStart + nReps + s.partialEnd;
    for (let i = 0; i < total; i++) {
      const counted = i >= s.partialStart && i < s.partialStart + nReps;
      const tempo = s.tempoLate && i - s.partialStart >= Math.ceil(nReps / 2) ? s.tempoLate : s.tempo;
      const depth = counted ? s.depth : 0.3 + 0.05 * (i % 2);
      const k = counted ? 1 : 0.5;
      const slot: RepSlot = { exercise: s.exercise, start: t, down: tempo.down * k, hold: tempo.hold * k, up: tempo.up * k, depth, counted, index: i };
      slots.push(slot);
      const end = t + slot.down + slot.hold + slot.up;
      reps.push({ start: r3(t), bottom: r3(t + slot.down + slot.hold / 2), end: r3(end), depth, counted });
      t = end + tempo.pause;
    }
    sets.push({ exercise: s.exercise, start: r3(setStart), end: r3(t), reps, holdS: null, hold: null });
    t += s.restAfter;
  }
  // Each exercise's items once, however many sets use them.
  const equipment = [...new Set(p.sets.map((s) => s.exercise))].flatMap((e) => EQUIPMENT_OF[e]);
  return {
    yaw,
    x: p.at.x,
    z: p.at.z,
    sets,
    equipment,
    equipmentAt: (_t, _c, j) => equipment.map((k, i) => equipmentPlacement(k, base, j, equipment.slice(0, i).filter((x) => x === k).length)),
    controlsAt(time) {
      const slot = slots.find((s) => time >= s.start && time < s.start + s.down + s.hold + s.up + 1e-9);
      if (!slot) {
        // Between reps of a set: the start position of the exercise the person is in; else standing idle, unless
        // the nearest set is done lying down (the person stays in its start position on the bench or mat).
        const set = sets.find((s) => time >= s.start && time < s.end);
        if (set) return exerciseControls(set.exercise as ExerciseName, base, 0);
        const near = sets.reduce((a, s) => (Math.min(Math.abs(time - s.start), Math.abs(time - s.end)) < Math.min(Math.abs(time - a.start), Math.abs(time - a.end)) ? s : a));
        const ex = near.exercise as ExerciseName;
        return STATIONED.has(ex) ? exerciseControls(ex, base, 0) : idleControls(base, time, false);
      }
      const u = time - slot.start;
      const d = u < slot.down ? smooth(u / slot.down) : u < slot.down + slot.hold ? 1 : 1 - smooth((u - slot.down - slot.hold) / slot.up);
      return exerciseControls(slot.exercise, base, d * slot.depth, slot.index);
    },
  };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const NO_EQUIPMENT = { equipment: [] as EquipmentKind[], equipmentAt: () => [] as Placement[] };

function walkingTimeline(p: Extract<Person, { role: 'walking' }>): Timeline {
  // There and back along the waypoints.
  const pts = [...p.path, ...p.path.slice(0, -1).reverse()];
  const seg = pts.slice(1).map((b, i) => ({ a: pts[i]!, b, len: Math.hypot(b[0] - pts[i]![0], b[1] - pts[i]![1]) }));
  const loop = seg.reduce((s, x) => s + x.len, 0);
  const at = (t: number) => {
    let s = (((t - p.startS) * p.speed) % loop + loop) % loop;
    for (const x of seg) {
      if (s <= x.len) {
        const f = x.len ? s / x.len : 0;
        return { x: x.a[0] + (x.b[0] - x.a[0]) * f, z: x.a[1] + (x.b[1] - x.a[1]) * f, yaw: Math.atan2(x.b[0] - x.a[0], x.b[1] - x.a[1]) };
      }
      s -= x.len;
    }
    return { x: pts[0]![0], z: pts[0]![1], yaw: 0 };
  };
  const a0 = at(0);
  return {
    yaw: a0.yaw,
    x: a0.x,
    z: a0.z,
    sets: [],
    ...NO_EQUIPMENT,
    controlsAt(t) {
      const a = at(t);
      return walkingControls(standing(a.x, a.z, a.yaw), ((t - p.startS) * p.speed) / 1.4);
    },
  };
}
