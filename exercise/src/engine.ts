/** The multi-person front of the exercise engine: one independent PersonEngine per person id. */
import { CATALOGUE } from './catalogue.ts';
import { PersonEngine, type PersonEngineConfig } from './person-engine.ts';
import type { ExerciseEngineOptions, ExerciseEvent, Landmarks } from './types.ts';

export interface ExerciseEngine {
  /** Feeds one frame of one person (`skeleton` null when the person is not seen); returns the events it caused. */
  push(personId: string, t: number, skeleton: Landmarks | null): ExerciseEvent[];
  /** Same with the 33 landmarks flattened as x,y,z,v,... (132 numbers): the fast path for file readers. */
  pushFlat(personId: string, t: number, flat: ArrayLike<number> | null): ExerciseEvent[];
  /** Ends every open set (or one person's); returns the closing events. */
  flush(personId?: string): ExerciseEvent[];
  /** Forgets a person (after flushing them). */
  remove(personId: string): ExerciseEvent[];
  readonly persons: ReadonlySet<string>;
}

export function resolveOptions(opts: ExerciseEngineOptions = {}): PersonEngineConfig {
  return {
    catalogue: opts.catalogue ?? CATALOGUE,
    minVisibility: opts.minVisibility ?? 0.5,
    smoothingMs: opts.smoothingMs ?? 50,
    restMs: opts.restMs ?? 8000,
    recogniseThreshold: opts.recogniseThreshold ?? 0.5,
    aspect: opts.aspect ?? null,
    fallback: opts.fallback ?? true,
  };
}

/** Returned when a frame caused no event (shared, never mutated). */
const NONE: ExerciseEvent[] = Object.freeze([]) as unknown as ExerciseEvent[];

export function createExerciseEngine(opts: ExerciseEngineOptions = {}): ExerciseEngine {
  const cfg = resolveOptions(opts);
  const people = new Map<string, PersonEngine>();
  const buf: ExerciseEvent[] = [];
  const get = (id: string): PersonEngine => {
    let p = people.get(id);
    if (!p) people.set(id, (p = new PersonEngine(id, cfg)));
    return p;
  };
  return {
    push: (id, t, skeleton) => {
      const out = get(id).push(t, skeleton, buf);
      return out.length ? out.splice(0) : NONE;
    },
    pushFlat: (id, t, flat) => {
      const out = get(id).push(t, null, buf, flat);
      return out.length ? out.splice(0) : NONE;
    },
    flush(id) {
      const out: ExerciseEvent[] = [];
      for (const [pid, p] of people) if (id === undefined || pid === id) p.flush(undefined, out);
      return out;
    },
    remove(id) {
      const p = people.get(id);
      if (!p) return [];
      people.delete(id);
      return p.flush();
    },
    get persons() {
      return new Set(people.keys());
    },
  };
}
