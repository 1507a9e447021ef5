/**
 * Schema of the exercise catalogue. An exercise is data: the signal that counts its reps, the posture and motion
 * that recognise it, and its form rules. Adding an exercise means adding an entry to `catalogue.ts`, no code.
 */
import { z } from 'zod';
import { FEATURES } from './features.ts';

const Feature = z.enum(FEATURES);

/**
 * Where a value is read within a rep: `rest` = at the rest end of the movement, `far` = at the far end,
 * `amp` = |far - rest|, `min` / `max` = extreme over the rep, `range` = max - min (these three: form rules only).
 */
export const Stat = z.enum(['rest', 'far', 'amp', 'min', 'max', 'range']);
export type Stat = z.infer<typeof Stat>;

/** A soft condition on one feature value (or on the ratio of two): satisfied when min <= value <= max. */
export const Condition = z
  .object({
    feature: Feature,
    stat: Stat,
    /** Divide by this other value first (ratios survive scaling). */
    per: z.object({ feature: Feature, stat: Stat }).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** Width of the soft edge in the feature's units (default: 10% of the threshold, at least 0.05). */
    soft: z.number().positive().optional(),
    weight: z.number().positive().default(1),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'a condition needs min or max' });
export type Condition = z.infer<typeof Condition>;

/** A clause is a condition, or alternatives (each a list of conditions that must all hold, e.g. one per view). */
export const Clause = z.union([Condition, z.object({ anyOf: z.array(z.array(Condition).min(1)).min(1) })]);
export type Clause = z.infer<typeof Clause>;

export const FormRule = z.object({
  /** Stable id, e.g. `squat.depth`. */
  id: z.string().regex(/^[a-z0-9_]+\.[a-z0-9_]+$/),
  message: z.string().min(1).max(200),
  severity: z.enum(['info', 'warn', 'bad']).default('warn'),
  /** The rule fires when every condition holds (conditions describe the fault). */
  when: z.array(Condition).min(1),
  /** Which condition's measured value explains the cue to the lifter (default: the first). */
  explain: z.number().int().nonnegative().optional(),
}).refine((r) => r.explain === undefined || r.explain < r.when.length, { message: 'explain must index a condition of when', path: ['explain'] });
export type FormRule = z.infer<typeof FormRule>;

/** A signal whose cycles are reps. */
export const Signal = z.object({
  feature: Feature,
  /** Which end of the signal's range is the rest position (e.g. knee angle: high = standing). */
  rest: z.enum(['high', 'low']),
  /** Smallest swing that can be a rep, in the feature's units. */
  minRange: z.number().positive(),
  /** A full rep's swing, for the range-of-motion ratio. */
  fullRange: z.number().positive(),
  minPeriodMs: z.number().positive().default(500),
  maxPeriodMs: z.number().positive().default(20_000),
  /** Which half of the rep is concentric (lifting): going to the far end, or returning to rest. */
  concentric: z.enum(['toFar', 'toRest']),
});
export type Signal = z.infer<typeof Signal>;

export const Exercise = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  label: z.string(),
  /** The signal whose cycles are reps. */
  signal: Signal.optional(),
  /**
   * Further signals that count the same reps where the first one is hidden in depth (a press seen from the side:
   * the upper arm points at the camera and the elbow angle barely moves in the image, but the hands rise). Each
   * runs its own counter; recognition and the set treat them as the same exercise, and a set keeps the signal it
   * started on unless another one of the same exercise has clearly more reps.
   */
  altSignals: z.array(Signal).max(3).default([]),
  /**
   * A timed hold instead of reps (plank, wall-sit): the recognise clauses describe the held posture (read with
   * `rest`/`far` = the posture now; no `amp`), held still for at least `minMs` to count as a set.
   */
  hold: z.object({ minMs: z.number().positive().default(5000) }).optional(),
  /** Camera views it is recognised from (documentation; the conditions below encode them). */
  views: z.array(z.enum(['front', 'side', 'oblique'])).min(1),
  recognise: z.array(Clause).min(1),
  form: z.array(FormRule).default([]),
  /** How the ends of a rep read in a cue ("knee angle 118° at the bottom"). */
  words: z.object({ rest: z.string().default('at the start'), far: z.string().default('at the far end') }).default({ rest: 'at the start', far: 'at the far end' }),
}).refine((e) => (e.signal === undefined) !== (e.hold === undefined), { message: 'an exercise has either a signal (reps) or a hold (timed)', path: ['signal'] })
  .refine((e) => e.signal !== undefined || e.altSignals.length === 0, { message: 'altSignals need a signal', path: ['altSignals'] });
export type Exercise = z.infer<typeof Exercise>;

export const Catalogue = z
  .array(Exercise)
  .min(1)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((e, i) => {
      if (seen.has(e.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate exercise "${e.name}"` });
      seen.add(e.name);
    });
  });
export type Catalogue = z.infer<typeof Catalogue>;
