import { z } from 'zod';
import { Box, EpochMs, Id } from './primitives.ts';
import { TrackAttention } from './perception.ts';
import { AlertKind } from '../api/contracts.ts';

/** Global person id (anonymous until bound to a member). */
export const PersonId = z.string().uuid();
export const MemberId = z.string().uuid();

const base = { at: EpochMs };

export const PersonSeenEvent = z.object({
  type: z.literal('person.seen'),
  ...base,
  personId: PersonId,
  cameraId: Id,
  trackId: z.number().int().nonnegative(),
  box: Box,
  /** Floor position in metres when the camera has a homography. */
  floor: z.object({ x: z.number(), y: z.number() }).nullable(),
  /** The worker's pose attention for this person (activity class, pose rate), when it schedules by activity. */
  attention: TrackAttention.optional(),
  /**
   * The 33 landmarks of this frame for the console's overlay, [x, y, visibility] each, x/y normalised to the frame,
   * rounded to 3 decimals; absent when pose failed or was not scheduled for this frame.
   */
  skeleton: z.array(z.tuple([z.number(), z.number(), z.number().min(0).max(1)])).length(33).optional(),
});

export const IdentityResolvedEvent = z.object({
  type: z.literal('identity.resolved'),
  ...base,
  personId: PersonId,
  memberId: MemberId.nullable(),
  /** How the identity was established. */
  via: z.enum(['face', 'checkin', 'reid', 'manual']),
  confidence: z.number().min(0).max(1),
});

export const RepEvent = z.object({
  type: z.literal('rep'),
  ...base,
  personId: PersonId,
  memberId: MemberId.nullable(),
  exercise: z.string(),
  /** 1-based rep number within the current set. */
  count: z.number().int().positive(),
  startTs: EpochMs,
  endTs: EpochMs,
  /** Range of motion 0..1 of the exercise's full range. */
  rom: z.number().min(0).max(2),
  concentricMs: z.number().nonnegative(),
  eccentricMs: z.number().nonnegative(),
});

export const SetEvent = z.object({
  type: z.literal('set'),
  ...base,
  phase: z.enum(['started', 'ended']),
  personId: PersonId,
  memberId: MemberId.nullable(),
  setId: z.string(),
  exercise: z.string(),
  reps: z.number().int().nonnegative(),
  /** On `started`: rest since the person's previous set, ms. */
  restMs: z.number().nonnegative().optional(),
  /** On `ended`: the set's tempo and range of motion. */
  summary: z
    .object({
      meanRepMs: z.number().nonnegative(),
      meanConcentricMs: z.number().nonnegative(),
      meanEccentricMs: z.number().nonnegative(),
      meanRom: z.number().min(0).max(2),
      minRom: z.number().min(0).max(2),
      maxRom: z.number().min(0).max(2),
    })
    .optional(),
});

/** What a form rule measured on a rep: the value, the threshold, and which side of it a good rep is on. */
/** A workout session (one visit of a person) ended: the person left every camera's view. */
export const SessionEvent = z.object({
  type: z.literal('session'),
  ...base,
  phase: z.literal('ended'),
  personId: PersonId,
  memberId: MemberId.nullable(),
  sessionId: z.string(),
});

export const FormMeasurement = z.object({
  feature: z.string().max(60),
  stat: z.string().max(20),
  value: z.number(),
  threshold: z.number(),
  aim: z.enum(['below', 'above']),
  unit: z.string().max(20),
  explanation: z.string().max(300),
});
export type FormMeasurement = z.infer<typeof FormMeasurement>;

export const FormCueEvent = z.object({
  type: z.literal('form.cue'),
  ...base,
  personId: PersonId,
  memberId: MemberId.nullable(),
  exercise: z.string(),
  /** Stable rule id, e.g. `squat.depth`. */
  rule: z.string(),
  severity: z.enum(['info', 'warn', 'bad']),
  message: z.string().max(500),
  /** The measured value behind the cue and the threshold it crossed ("knee angle 118° at the bottom; aim for under 115°"). */
  measured: FormMeasurement.optional(),
});

/**
 * An in-set cue for the member (server/src/domain/coaching/in-set-cues.ts): templated from the engine's form events
 * and the reps' tempo, rate-limited per member, short enough to read at a glance. Only to the member's own room.
 */
export const CoachCueEvent = z.object({
  type: z.literal('coach.cue'),
  ...base,
  personId: PersonId,
  memberId: MemberId,
  exercise: z.string(),
  /** What it is about (a form rule id such as `squat.knee_valgus`, or `tempo.eccentric`). */
  key: z.string().max(80),
  text: z.string().max(60),
  severity: z.enum(['info', 'warn', 'bad']),
  source: z.enum(['form', 'tempo']),
});

export const CoachingMessageEvent = z.object({
  type: z.literal('coaching.message'),
  ...base,
  memberId: MemberId,
  messageId: z.string(),
  role: z.enum(['assistant', 'user']),
  text: z.string().max(20_000),
  /** True while a streamed answer is still growing. */
  partial: z.boolean().default(false),
});

export const AlertEvent = z.object({
  type: z.literal('alert'),
  ...base,
  alertId: z.string(),
  kind: AlertKind,
  severity: z.enum(['info', 'warn', 'critical']),
  cameraId: Id.nullable(),
  personId: PersonId.nullable(),
  message: z.string().max(500),
});

export const CameraHealth = z.object({
  cameraId: Id,
  state: z.enum(['connecting', 'live', 'down']),
  reason: z.string().nullable(),
  since: EpochMs,
});
export type CameraHealth = z.infer<typeof CameraHealth>;

export const CameraHealthEvent = z.object({ type: z.literal('camera.health'), ...base, health: CameraHealth });

/** Every live event the server pushes to the staff console and the member PWA. */
export const GymEvent = z.discriminatedUnion('type', [
  PersonSeenEvent,
  IdentityResolvedEvent,
  RepEvent,
  SetEvent,
  SessionEvent,
  FormCueEvent,
  CoachCueEvent,
  CoachingMessageEvent,
  AlertEvent,
  CameraHealthEvent,
]);
export type GymEvent = z.infer<typeof GymEvent>;
export type GymEventType = GymEvent['type'];
