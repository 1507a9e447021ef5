/** Events and options of the exercise engine (plain data: the server maps them onto its socket/DB events). */
import type { Catalogue } from './catalogue.schema.ts';

interface Base {
  personId: string;
  /** Timestamp (ms, the caller's clock) of the frame that produced the event. */
  t: number;
}

/** The movement of the current set was recognised (again, when the guess changes). `exercise` null = unknown. */
export interface ExerciseRecognisedEvent extends Base {
  type: 'exercise';
  exercise: string | null;
  label: string;
  /** 0..1. */
  confidence: number;
}

export interface SetStartedEvent extends Base {
  type: 'set.started';
  setId: number;
  exercise: string | null;
  startT: number;
  /** Rest since this person's previous set ended, ms (absent for the first set, or after they were lost). */
  restMs?: number;
}

export interface RepCompletedEvent extends Base {
  type: 'rep';
  setId: number;
  exercise: string | null;
  /** 1-based count within the set. */
  count: number;
  startT: number;
  /** When the far end of the movement (bottom of a squat, top of a curl) was reached. */
  farT: number;
  endT: number;
  /** Range of motion relative to a full rep of this exercise (1 = full; may exceed 1). */
  rom: number;
  concentricMs: number;
  eccentricMs: number;
  /** Present when the rep was not seen but inferred from the rhythm across a gap in the person's visibility. */
  inferred?: true;
}

export interface FormIssueEvent extends Base {
  type: 'form';
  setId: number;
  exercise: string;
  /** Stable rule id from the catalogue, e.g. `squat.depth`. */
  rule: string;
  severity: 'info' | 'warn' | 'bad';
  message: string;
  /** The rep (count within the set) it was seen on. */
  rep: number;
  /** What was measured on the rep and the threshold it crossed (absent when its value is unknown). */
  measured?: FormMeasurement;
}

/** The measured value behind a form cue: "knee angle 118° at the bottom; aim for under 115°". */
export interface FormMeasurement {
  feature: string;
  stat: string;
  value: number;
  threshold: number;
  /** Which side of the threshold a good rep is on. */
  aim: 'below' | 'above';
  unit: string;
  explanation: string;
}

export interface SetEndedEvent extends Base {
  type: 'set.ended';
  setId: number;
  exercise: string | null;
  reps: number;
  startT: number;
  endT: number;
  /** Mean confidence of the recognition over the set (0 for an unknown movement). */
  confidence: number;
  /** Tempo and range of the set's reps (seen reps only; absent when none was seen). */
  summary?: SetSummary;
  /** A timed hold (plank, wall-sit): how long the posture was held, ms (reps is 0). */
  holdMs?: number;
}

/** How a set went, as a lifter reads it: rep length, tempo of each half, and range of motion. */
export interface SetSummary {
  meanRepMs: number;
  meanConcentricMs: number;
  meanEccentricMs: number;
  /** Range of motion relative to a full rep: mean, and the smallest and largest. */
  meanRom: number;
  minRom: number;
  maxRom: number;
}

export type ExerciseEvent = ExerciseRecognisedEvent | SetStartedEvent | RepCompletedEvent | FormIssueEvent | SetEndedEvent;

export interface ExerciseEngineOptions {
  /** Exercises to recognise (default: the built-in catalogue). */
  catalogue?: Catalogue;
  /** Landmarks below this visibility are ignored (default 0.5). */
  minVisibility?: number;
  /** Landmark smoothing time constant, ms (default 50). */
  smoothingMs?: number;
  /** A set ends after this long without a rep (default 8000 ms; at least 3 rep periods). */
  restMs?: number;
  /** Minimum recognition score to name an exercise (default 0.5). */
  recogniseThreshold?: number;
  /** Fixed x/y aspect correction (x is multiplied by it); default: estimated from the motion. */
  aspect?: number;
  /** Count periodic movements that match no exercise (default true). */
  fallback?: boolean;
}

export type Landmarks = ArrayLike<ArrayLike<number>>;
