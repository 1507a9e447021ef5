/**
 * A learned model as the namer of the sets the rules are unsure of. The rule engine counts, explains and names;
 * where it counted a set (reps, or a timed hold) but could not name it, or named it with a recognition confidence
 * under `unsureBelow`, the namer looks at the person's skeletons over that set and its name goes on the
 * `set.ended` event (`namedBy` says which model). Live events (`set.started`, `rep.completed`) keep the rules'
 * name; nothing is counted that the rules did not count, so the namer cannot add reps to someone who is walking.
 * The namer is injected (pure domain: this package loads no model); ml/exercise/tcn-namer.ts is the TCN one.
 */
import type { PoseFrame } from '@gym/shared';
import type { ExerciseEngine } from './engine.ts';
import type { ExerciseEvent, Landmarks, SetEndedEvent } from './types.ts';

export interface SetNamer {
  /** Which model names (goes on the event as `namedBy`). */
  readonly id: string;
  /** The exercise one person does over these frames (time order), or null when it cannot tell. Synchronous. */
  name(frames: readonly PoseFrame[]): string | null;
}

export interface LearnedNamingOptions {
  namer: SetNamer;
  /** Rule confidence under which the namer names the set (default 0.5; unnamed sets have 0). */
  unsureBelow?: number;
  /** How much of each person's past is kept for naming, ms (default 120000: a longer set is named from its last 2 min). */
  keepMs?: number;
}

/** A set the namer named: `exercise` is the namer's, `rulesExercise` what the rules had said. */
export type LearnedSetEnded = SetEndedEvent & { namedBy?: string; rulesExercise?: string | null };

const LANDMARKS = 33;

export function withLearnedNamer(engine: ExerciseEngine, o: LearnedNamingOptions): ExerciseEngine {
  const unsure = o.unsureBelow ?? 0.5, keepMs = o.keepMs ?? 120_000;
  const past = new Map<string, { t: number; kp: Float32Array | null }[]>();
  const remember = (id: string, t: number, flat: Float32Array | null) => {
    let list = past.get(id);
    if (!list) past.set(id, (list = []));
    list.push({ t, kp: flat });
    let drop = 0;
    while (drop < list.length && list[drop]!.t < t - keepMs) drop++;
    if (drop > 256) list.splice(0, drop);
  };
  const rename = (id: string, events: ExerciseEvent[]): ExerciseEvent[] => {
    if (!events.some((e) => e.type === 'set.ended')) return events;
    return events.map((e) => {
      if (e.type !== 'set.ended' || (e.reps === 0 && !e.holdMs) || (e.exercise !== null && e.confidence >= unsure)) return e;
      const frames: PoseFrame[] = [];
      for (const f of past.get(id) ?? []) {
        if (f.t < e.startT - 500 || f.t > e.endT + 500) continue;
        frames.push({ t: f.t, kp: f.kp ? toSkeleton(f.kp) : null });
      }
      const name = o.namer.name(frames);
      if (!name || name === e.exercise) return e;
      return { ...e, exercise: name, namedBy: o.namer.id, rulesExercise: e.exercise } satisfies LearnedSetEnded;
    });
  };
  return {
    push(id, t, skeleton) {
      remember(id, t, skeleton ? flatten(skeleton) : null);
      return rename(id, engine.push(id, t, skeleton));
    },
    pushFlat(id, t, flat) {
      remember(id, t, flat ? Float32Array.from(flat) : null);
      return rename(id, engine.pushFlat(id, t, flat));
    },
    flush(id) {
      const out = engine.flush(id);
      // Events of several people: rename each person's own.
      const ids = new Set(out.map((e) => e.personId));
      let res = out;
      for (const pid of ids) res = res.map((e) => (e.personId === pid ? rename(pid, [e])[0]! : e));
      return res;
    },
    remove(id) {
      const out = rename(id, engine.remove(id));
      past.delete(id);
      return out;
    },
    get persons() {
      return engine.persons;
    },
  };
}

function flatten(s: Landmarks): Float32Array {
  const out = new Float32Array(LANDMARKS * 4);
  for (let i = 0; i < LANDMARKS && i < s.length; i++) {
    const p = s[i]!;
    for (let k = 0; k < 4; k++) out[i * 4 + k] = Number(p[k] ?? 0);
  }
  return out;
}

function toSkeleton(f: Float32Array): NonNullable<PoseFrame['kp']> {
  const kp: [number, number, number, number][] = [];
  for (let i = 0; i < LANDMARKS; i++) kp.push([f[i * 4]!, f[i * 4 + 1]!, f[i * 4 + 2]!, f[i * 4 + 3]!]);
  return kp as NonNullable<PoseFrame['kp']>;
}
