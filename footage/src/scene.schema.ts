/**
 * A scene as data: the camera, the room, and the people with their look and programme. Parsed with zod; a bad
 * field is refused with its path named. Times in seconds. The same scene (same JSON, same renderer) renders the
 * same pixels and truth: `sceneHash` names both.
 */
import { z } from 'zod';
import { EXERCISES, HOLDS } from './motion/exercises.ts';
import { randomLook } from './variety/random-look.ts';

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f6feb');
const Vec3 = z.tuple([z.number(), z.number(), z.number()]);

const LookFields = z.object({
  /** Height in metres (the 1.66 m mesh is scaled). */
  height: z.number().min(1.4).max(2.1).default(1.72),
  skin: Colour.default('#c68e6e'),
  hair: Colour.default('#2b1d14'),
  top: Colour.default('#2f5fa8'),
  sleeves: z.enum(['none', 'short', 'long']).default('short'),
  bottom: Colour.default('#222222'),
  legs: z.enum(['shorts', 'long']).default('shorts'),
  shoes: Colour.default('#eeeeee'),
  /** Body girth around the bones (1 = the mesh; the torso takes it fully, the limbs 80 %); joints stay put. */
  girth: z.number().min(0.8).max(1.35).default(1),
  /** A pattern on the top in `top2`: horizontal hoops, vertical stripes, a chest band, contrasting sleeves. */
  pattern: z.enum(['plain', 'hoops', 'stripes', 'band', 'raglan']).default('plain'),
  top2: Colour.default('#eeeeee'),
  /** A logo printed on the chest (1–3 characters, drawn as a canvas texture on the mesh's own UVs). */
  logo: z.object({ text: z.string().min(1).max(3), colour: Colour }).optional(),
  hairStyle: z.enum(['short', 'long', 'bun', 'bald']).default('short'),
  headwear: z.enum(['none', 'cap', 'beanie']).default('none'),
  headwearColour: Colour.default('#1b3a5c'),
});

/**
 * A person's look: the fields, or `{ "seed": N, …overrides }` for a look drawn from a seed (variety/random-look.ts):
 * the same seed, the same person.
 */
export const Look = z.preprocess((v) => {
  if (!v || typeof v !== 'object' || !('seed' in v)) return v;
  const { seed, ...rest } = v as { seed: unknown };
  return typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 ? { ...randomLook(seed), ...rest } : v;
}, LookFields.strict());
export type Look = z.infer<typeof LookFields>;

export const RepTempo = z.object({
  /** Seconds from the start position to the far end, held there, and back. */
  down: z.number().positive().default(1.1),
  hold: z.number().nonnegative().default(0.15),
  up: z.number().positive().default(1.0),
  /** Pause at the start position between reps. */
  pause: z.number().nonnegative().default(0.35),
});

export const SetSpec = z.object({
  exercise: z.enum(EXERCISES),
  /** Reps of a counted exercise; a timed hold (plank, wall_sit) has `holdS` instead. */
  reps: z.number().int().min(1).max(60).optional(),
  /** Seconds held in position (holds only); `tempo.down` is the time to get into position, `tempo.up` out of it. */
  holdS: z.number().positive().max(300).optional(),
  tempo: RepTempo.default(RepTempo.parse({})),
  /** A second tempo for the set's second half (slow and fast in one set). */
  tempoLate: RepTempo.optional(),
  /** Depth of each full rep (1 = full range); partial reps at the start and end are extra, shallow and not counted. */
  depth: z.number().min(0.5).max(1).default(1),
  partialStart: z.number().int().min(0).max(3).default(0),
  partialEnd: z.number().int().min(0).max(3).default(0),
  /** Rest after the set (standing), seconds. */
  restAfter: z.number().nonnegative().default(4),
}).superRefine((s, ctx) => {
  const hold = HOLDS.has(s.exercise);
  if (hold && s.holdS === undefined) ctx.addIssue({ code: 'custom', path: ['holdS'], message: `${s.exercise} is a timed hold: give holdS (seconds), not reps` });
  if (hold && s.reps !== undefined) ctx.addIssue({ code: 'custom', path: ['reps'], message: `${s.exercise} is a timed hold: it has holdS, not reps` });
  if (!hold && s.reps === undefined) ctx.addIssue({ code: 'custom', path: ['reps'], message: `${s.exercise} needs reps` });
  if (!hold && s.holdS !== undefined) ctx.addIssue({ code: 'custom', path: ['holdS'], message: `${s.exercise} is counted in reps: holdS is for plank and wall_sit` });
});

const Place = z.object({ x: z.number(), z: z.number(), yawDeg: z.number().default(0) });

export const Person = z.discriminatedUnion('role', [
  z.object({ role: z.literal('exercising'), id: z.string().min(1), look: Look.default(Look.parse({})), at: Place, startS: z.number().nonnegative().default(0.5), sets: z.array(SetSpec).min(1) }),
  z.object({
    role: z.literal('walking'),
    id: z.string().min(1),
    look: Look.default(Look.parse({})),
    /** Waypoints on the floor; the person walks them in order at `speed` m/s, then loops back along them. */
    path: z.array(z.tuple([z.number(), z.number()])).min(2),
    speed: z.number().positive().max(3).default(1.2),
    startS: z.number().default(0),
  }),
  z.object({ role: z.enum(['standing', 'talking']), id: z.string().min(1), look: Look.default(Look.parse({})), at: Place }),
  z.object({
    role: z.literal('carrying'),
    id: z.string().min(1),
    look: Look.default(Look.parse({})),
    /** What is carried, and in which hand (`both`: one in each hand). */
    item: z.enum(['dumbbell', 'plate', 'kettlebell']).default('dumbbell'),
    hand: z.enum(['left', 'right', 'both']).default('right'),
    /** Waypoints walked once, first to last, at `speed` m/s from `startS`; at the last the item is put down. */
    path: z.array(z.tuple([z.number(), z.number()])).min(2),
    speed: z.number().positive().max(2).default(1.0),
    startS: z.number().nonnegative().default(0.5),
    /** Pick the item up from the floor at the first waypoint before walking (else it is in hand from the start). */
    pickUp: z.boolean().default(false),
  }),
]);
export type Person = z.infer<typeof Person>;

export const Scene = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  durationS: z.number().positive().max(600),
  fps: z.number().int().min(1).max(30).default(10),
  width: z.number().int().min(160).max(1920).default(640),
  height: z.number().int().min(120).max(1080).default(480),
  camera: z.object({ label: z.string().default('camera'), position: Vec3, target: Vec3, fovDeg: z.number().min(20).max(110).default(55) }),
  room: z
    .object({
      floor: Colour.default('#6b6259'),
      walls: Colour.default('#c9c4bb'),
      /** Props placed on the floor: benches, racks, mats, plates. */
      props: z.array(z.object({ kind: z.enum(['bench', 'rack', 'mat', 'box']), x: z.number(), z: z.number(), yawDeg: z.number().default(0), colour: Colour.optional() })).default([]),
      light: z.number().min(0.2).max(2).default(1),
    })
    .default({ floor: '#6b6259', walls: '#c9c4bb', props: [], light: 1 }),
  people: z.array(Person).min(1).max(12),
});
export type Scene = z.infer<typeof Scene>;
export type SceneInput = z.input<typeof Scene>;
