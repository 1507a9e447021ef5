/**
 * The coverage set (issue 13), generated from data (`coverage.json`): every exercise the renderer has × every view
 * (front 0°, 45°, side 90°) × every tempo, one person per clip, looks rotated through the file's list so clothing,
 * skin and height vary. The camera stays on +z looking at the origin; the view is the person's yaw away from it.
 * Names: `cov-<exercise>-<view>-<tempo>` (underscores as dashes), e.g. `cov-biceps-curl-45-quick`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EXERCISES, HOLDS } from '../motion/exercises.ts';
import { Look, Person, RepTempo, type SceneInput } from '../scene.schema.ts';

const Camera = z.object({ position: z.tuple([z.number(), z.number(), z.number()]), target: z.tuple([z.number(), z.number(), z.number()]), fovDeg: z.number().min(20).max(110) });

/** Negatives: people walking, carrying, standing and talking with no exercise; the truth has 0 reps. */
const Negatives = z.object({
  camera: Camera,
  clips: z.array(z.object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    durationS: z.number().positive().max(60),
    /** A camera of the clip's own (else the negatives' camera). */
    camera: Camera.optional(),
    /** People without a look get the next one of the spec's looks. */
    people: z.array(z.unknown()).min(1),
  })),
});

const Framing = z.object({
  /** Camera distance from the person (m), camera height, height it looks at, vertical fov. */
  distance: z.number().positive(),
  height: z.number(),
  targetHeight: z.number(),
  fovDeg: z.number().min(20).max(110),
  /** Where the body's middle sits along its facing direction from the placement point (m): lying exercises. */
  bodyCentre: z.number().default(0),
  /** Floor exercises start and end in their start position (the renderer would stand the person up between). */
  inPosition: z.boolean().default(false),
});

export const CoverageSpec = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: z.number().int().positive(),
  /** Standing still before the first rep and after the last, seconds. */
  leadS: z.number().nonnegative(),
  tailS: z.number().nonnegative(),
  views: z.record(z.string().regex(/^[a-z0-9]+$/), z.number().min(0).max(180)),
  tempos: z.record(z.string().regex(/^[a-z0-9]+$/), z.object({ reps: z.number().int().min(1).max(20), tempo: RepTempo })),
  /** Timed holds, by the tempo's name: seconds held, and the tempo's down/up to get into and out of position. */
  holds: z.record(z.string().regex(/^[a-z0-9]+$/), z.object({ holdS: z.number().positive().max(120), tempo: RepTempo })),
  framing: z.record(z.string(), Framing),
  exercises: z.record(z.enum(EXERCISES), z.string()),
  negatives: Negatives,
  looks: z.array(Look).min(1),
});
export type CoverageSpec = z.infer<typeof CoverageSpec>;

export const COVERAGE_FILE = join(import.meta.dirname, 'coverage.json');

export function loadCoverageSpec(file = COVERAGE_FILE): CoverageSpec {
  const r = CoverageSpec.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!r.success) throw new Error(`${file} is invalid:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return r.data;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export interface CoverageScene { scene: SceneInput; exercise: string; view: string; viewDeg: number; tempo: string }

export function coverageScenes(spec: CoverageSpec = loadCoverageSpec()): CoverageScene[] {
  const out: CoverageScene[] = [];
  let k = 0;
  for (const [exercise, framingName] of Object.entries(spec.exercises)) {
    const fr = spec.framing[framingName];
    if (!fr) throw new Error(`coverage: exercises.${exercise} names framing "${framingName}", which framing does not define`);
    for (const [view, viewDeg] of Object.entries(spec.views)) {
      for (const [tempoName, t] of Object.entries(spec.tempos)) {
        const yaw = (viewDeg * Math.PI) / 180;
        const isHold = HOLDS.has(exercise as (typeof EXERCISES)[number]);
        const h = spec.holds[tempoName];
        if (isHold && !h) throw new Error(`coverage: ${exercise} is a timed hold and holds.${tempoName} is missing`);
        const rep = t.tempo.down + t.tempo.hold + t.tempo.up + t.tempo.pause;
        const body = isHold ? h!.tempo.down + h!.holdS + h!.tempo.up : t.reps * rep;
        const set = isHold
          ? { exercise: exercise as (typeof EXERCISES)[number], holdS: h!.holdS, tempo: h!.tempo, restAfter: 0 }
          : { exercise: exercise as (typeof EXERCISES)[number], reps: t.reps, tempo: t.tempo, restAfter: 0 };
        const look = spec.looks[k++ % spec.looks.length]!;
        // The framing is for a 1.72 m person: taller and shorter people get the camera moved to frame them alike.
        const f = look.height / 1.72;
        const lead = fr.inPosition ? 0 : spec.leadS, tail = fr.inPosition ? 0 : spec.tailS;
        const name = `cov-${exercise.replace(/_/g, '-')}-${view}-${tempoName}`;
        out.push({
          exercise, view, viewDeg, tempo: tempoName,
          scene: {
            name,
            durationS: Math.round((lead + body + tail) * 1000) / 1000,
            fps: spec.fps, width: spec.width, height: spec.height,
            camera: { label: `${exercise} ${view}`, position: [0, r3(fr.height * f), r3(fr.distance * f)], target: [0, r3(fr.targetHeight * f), 0], fovDeg: fr.fovDeg },
            people: [{
              role: 'exercising', id: 'p1', look,
              // Move the placement so the body's middle is on the camera axis.
              at: { x: r3(-fr.bodyCentre * f * Math.sin(yaw)), z: r3(-fr.bodyCentre * f * Math.cos(yaw)), yawDeg: viewDeg },
              startS: lead,
              sets: [set],
            }],
          },
        });
      }
    }
  }
  return out;
}

export interface NegativeScene { scene: SceneInput; roles: string[] }

/** The negatives as scenes, `cov-neg-<name>`: each person validated as a scene person, looks rotated through the spec's. */
export function negativeScenes(spec: CoverageSpec = loadCoverageSpec()): NegativeScene[] {
  let k = 0;
  return spec.negatives.clips.map((c) => {
    const people = c.people.map((raw, i) => {
      const r = Person.safeParse(raw);
      if (!r.success) throw new Error(`coverage: negatives ${c.name} people.${i}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      const hasLook = typeof raw === 'object' && raw !== null && 'look' in raw;
      return { ...(raw as object), look: hasLook ? r.data.look : spec.looks[(7 + k++) % spec.looks.length]! } as SceneInput['people'][number];
    });
    const cam = c.camera ?? spec.negatives.camera;
    return {
      roles: people.map((p) => p.role),
      scene: { name: `cov-neg-${c.name}`, durationS: c.durationS, fps: spec.fps, width: spec.width, height: spec.height, camera: { label: `negative ${c.name}`, ...cam }, people },
    };
  });
}
