/**
 * REST contracts shared by the server and the browser apps for the parts built in parallel (coach, member
 * self-service, invites, alerts, roster). The server validates with these schemas; the apps type their calls with
 * them. Paths are given in each block's comment. All bodies are JSON unless a block says otherwise.
 */
import { z } from 'zod';
import { Text } from '../text.ts';

const Uuid = z.string().uuid();
const IsoTime = z.string().datetime();

// ---------------------------------------------------------------------------------------------------------------
// Invites and joining (member PWA)
//   POST /api/members/:id/invites            staff (trainer or admin) -> 201 InviteOut
//   GET  /api/invites/:token                 no auth -> 200 InvitePreview | 404 (unknown or expired)
//   POST /api/invites/:token/accept          no auth -> 201 { accessToken, user } (as login), invite used up
//                                            (a used invite answers 404 like an unknown one; 409 when the email is
//                                            taken or the member already has an account)
// The invite's `url` is `<origin>/apps/member/#/join/<token>`; `?days=1..30` on the POST sets the expiry (default 7).
// ---------------------------------------------------------------------------------------------------------------
export const InviteOut = z.object({
  token: z.string().min(20),
  /** Absolute URL of the member app's join screen, for a link or a QR code. */
  url: z.string(),
  expiresAt: IsoTime,
});
export type InviteOut = z.infer<typeof InviteOut>;

export const InvitePreview = z.object({ displayName: z.string(), gymName: z.string(), expiresAt: IsoTime });
export type InvitePreview = z.infer<typeof InvitePreview>;

export const ConsentChoice = z.enum(['face_identification', 'body_tracking', 'coaching', 'clips']);
export type ConsentChoice = z.infer<typeof ConsentChoice>;

/** PAR-Q+ style health screening: each question answered yes or no. */
export const HealthScreeningAnswers = z.object({
  heartCondition: z.boolean(),
  chestPain: z.boolean(),
  dizzinessOrFainting: z.boolean(),
  chronicCondition: z.boolean(),
  medication: z.boolean(),
  boneJointProblem: z.boolean(),
  supervisedOnly: z.boolean(),
  pregnancy: z.boolean(),
});
export type HealthScreeningAnswers = z.infer<typeof HealthScreeningAnswers>;

export const HealthScreening = z.object({
  answers: HealthScreeningAnswers,
  /** Free text the member adds (injuries, limits); never logged. */
  notes: Text().max(2000).default(''),
});
export type HealthScreening = z.infer<typeof HealthScreening>;

export const InviteAccept = z.object({
  email: z.string().email().max(200),
  password: z.string().min(10).max(200),
  /** Every consent kind is answered: true grants, false refuses. */
  consents: z.record(ConsentChoice, z.boolean()),
  screening: HealthScreening,
  goals: Text().max(1000).default(''),
});
export type InviteAccept = z.infer<typeof InviteAccept>;

// ---------------------------------------------------------------------------------------------------------------
// The member's own data (member PWA)
//   GET    /api/me/profile                   -> MyProfile
//   PUT    /api/me/profile                   body ProfileUpdate -> MyProfile
//   GET    /api/me/consents                  -> ConsentState[]
//   PUT    /api/me/consents/:kind            body { granted: boolean } -> ConsentState[]
//                                            (face_identification false deletes the member's face data at once)
//   PUT    /api/me/screening                 body HealthScreening -> MyProfile
//   GET    /api/me/sets?limit=               -> SetOut[] (newest first)
//   GET    /api/me/sessions?limit=           -> SessionOut[] (newest first)
//   GET    /api/me/progress?exercise=&limit= -> ProgressSeries[] (one per exercise, points oldest first; for charts)
//   GET    /api/me/export                    -> everything stored (JSON download)
//   DELETE /api/me                           body { confirm: "ERASE" } -> 200 erase counts; account gone
// ---------------------------------------------------------------------------------------------------------------
export const ConsentState = z.object({ kind: ConsentChoice, granted: z.boolean(), changedAt: IsoTime.nullable() });
export type ConsentState = z.infer<typeof ConsentState>;

export const MyProfile = z.object({
  memberId: Uuid,
  displayName: z.string(),
  email: z.string().nullable(),
  goals: z.string(),
  injuryNotes: z.string(),
  screening: HealthScreening.nullable(),
  screenedAt: IsoTime.nullable(),
  /** True while a PAR-Q+ "yes" waits for staff clearance: the coach holds back intensity advice. */
  needsClearance: z.boolean(),
  /** True when the health screening was never answered or was answered 12 months ago or more: the app asks again and the coach holds back intensity advice until it is answered. */
  screeningDue: z.boolean(),
  /** When the current screening is due again (12 months after `screenedAt`); null without one. */
  screeningDueAt: IsoTime.nullable(),
  /** Training reminders: off, or on (at `reminderHour` of the gym's day, or whenever due when null). */
  reminders: z.boolean(),
  reminderHour: z.number().int().min(0).max(23).nullable(),
});
export type MyProfile = z.infer<typeof MyProfile>;

export const ProfileUpdate = z.object({
  goals: Text().max(1000).optional(),
  injuryNotes: Text().max(2000).optional(),
  reminders: z.boolean().optional(),
  /** 0-23 in the gym's time zone; null = whenever due. */
  reminderHour: z.number().int().min(0).max(23).nullable().optional(),
});

export const RepOut = z.object({
  count: z.number().int(),
  startTs: z.number(),
  endTs: z.number(),
  rom: z.number(),
  concentricMs: z.number(),
  eccentricMs: z.number(),
});
export const SetOut = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  exercise: z.string(),
  startedAt: IsoTime,
  endedAt: IsoTime.nullable(),
  reps: z.number().int(),
  clipAvailable: z.boolean(),
  repList: z.array(RepOut),
});
export type SetOut = z.infer<typeof SetOut>;

/** One exercise within a session. The cameras see no load, so volume is counted in reps and time under tension. */
export const SessionExerciseOut = z.object({
  exercise: z.string(),
  sets: z.number().int(),
  reps: z.number().int(),
  /** Sum of the reps' concentric + eccentric time, seconds. */
  timeUnderTensionS: z.number(),
});
export type SessionExerciseOut = z.infer<typeof SessionExerciseOut>;

export const SessionOut = z.object({
  id: z.string(),
  startedAt: IsoTime,
  endedAt: IsoTime.nullable(),
  sets: z.number().int(),
  reps: z.number().int(),
  exercises: z.array(z.string()),
  /** Volume per exercise (added after the first contract; the server always sends it). */
  perExercise: z.array(SessionExerciseOut).optional(),
  /** Session volume: time under tension of all reps, seconds (the server always sends it). */
  timeUnderTensionS: z.number().optional(),
});
export type SessionOut = z.infer<typeof SessionOut>;

/** One session's numbers for one exercise: a point of a progress chart. */
export const ProgressPoint = z.object({
  sessionId: z.string(),
  at: IsoTime,
  sets: z.number().int(),
  reps: z.number().int(),
  /** Most reps in one set of this session. */
  bestSetReps: z.number().int(),
  /** Mean range of motion of the reps (0..1), null when no rep was stored. */
  meanRom: z.number().nullable(),
  /** Mean rep duration (concentric + eccentric), ms; null when no rep was stored. */
  meanRepMs: z.number().nullable(),
});
export type ProgressPoint = z.infer<typeof ProgressPoint>;

export const ProgressSeries = z.object({ exercise: z.string(), points: z.array(ProgressPoint) });
export type ProgressSeries = z.infer<typeof ProgressSeries>;

export const EraseConfirm = z.object({ confirm: z.literal('ERASE') });
/** What `DELETE /api/me` (and the admin erase) removed besides the account and member record. */
export const EraseResult = z.object({ people: z.number().int(), tracklets: z.number().int(), clips: z.number().int() });
export type EraseResult = z.infer<typeof EraseResult>;

// ---------------------------------------------------------------------------------------------------------------
// Coach (member PWA; the coaching consent is required, else 403 code CONSENT_REQUIRED)
//   GET  /api/me/coach/messages?limit=       -> CoachMessage[] (oldest first)
//   POST /api/me/coach/messages              body CoachAsk -> text/event-stream of CoachStreamEvent records:
//                                            `event: <type>\ndata: <json>\n\n`; ends with `done` or `error`
//   GET  /api/me/coach/summaries?limit=      -> CoachSummary[] (newest first)
//   GET  /api/push/vapid-public-key          no auth -> { publicKey }
//   POST /api/me/push/subscriptions          body PushSubscriptionIn -> 201 { id }
//   DELETE /api/me/push/subscriptions        body { endpoint } -> 200 { removed }
// Staff:
//   POST /api/members/:id/clearance          trainer or admin -> MyProfile (clears a PAR-Q+ hold)
// ---------------------------------------------------------------------------------------------------------------
export const CoachSource = z.enum(['llm', 'basic']);
export type CoachSource = z.infer<typeof CoachSource>;

export const CoachMessage = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  source: CoachSource.nullable(),
  createdAt: IsoTime,
});
export type CoachMessage = z.infer<typeof CoachMessage>;

export const CoachAsk = z.object({ text: z.string().min(1).max(2000) });

export const CoachStreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), messageId: z.string(), source: CoachSource }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  /** The answer is complete; `redFlag` when the member described a warning sign (staff were alerted). */
  z.object({ type: z.literal('done'), messageId: z.string(), source: CoachSource, text: z.string(), redFlag: z.boolean() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type CoachStreamEvent = z.infer<typeof CoachStreamEvent>;

export const CoachSummary = z.object({
  id: z.string(),
  kind: z.enum(['set', 'session']),
  /** The set or session it is about. */
  refId: z.string(),
  source: CoachSource,
  headline: z.string(),
  body: z.string(),
  suggestions: z.array(z.string()).max(3),
  createdAt: IsoTime,
});
export type CoachSummary = z.infer<typeof CoachSummary>;

export const PushSubscriptionIn = z.object({
  endpoint: z.string().url().max(2000),
  keys: z.object({ p256dh: z.string().min(10).max(200), auth: z.string().min(10).max(100) }),
});
export type PushSubscriptionIn = z.infer<typeof PushSubscriptionIn>;

// ---------------------------------------------------------------------------------------------------------------
// Durable delivery jobs (summaries, pushes), admins only
//   GET  /api/admin/jobs?state=dead&limit=   -> DeliveryJobOut[] (newest first; no payload: it holds coaching text)
//   POST /api/admin/jobs/:id/retry           -> DeliveryJobOut (a dead job due again with a fresh count) | 404
// ---------------------------------------------------------------------------------------------------------------
export const DeliveryJobState = z.enum(['pending', 'running', 'done', 'dead']);
export const DeliveryJobOut = z.object({
  id: Uuid,
  kind: z.string(),
  memberId: Uuid.nullable(),
  state: DeliveryJobState,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: IsoTime,
  lastError: z.string().nullable(),
  createdAt: IsoTime,
  finishedAt: IsoTime.nullable(),
});
export type DeliveryJobOut = z.infer<typeof DeliveryJobOut>;

// ---------------------------------------------------------------------------------------------------------------
// Alerts and roster (staff console)
//   GET  /api/alerts?limit=&open=true&kind=  -> AlertOut[] (newest first)
//   POST /api/alerts/:id/ack                 staff -> AlertOut (acknowledgedBy / acknowledgedAt set)
//   GET  /api/roster                         staff -> RosterEntry[] (people in the gym now, cameras you may watch)
// ---------------------------------------------------------------------------------------------------------------
export const AlertKind = z.enum(['unknown_in_members_zone', 'not_seen_leaving', 'camera_down', 'worker_down', 'coach_red_flag', 'custom']);
export type AlertKind = z.infer<typeof AlertKind>;

export const AlertOut = z.object({
  id: z.string(),
  at: IsoTime,
  kind: AlertKind,
  severity: z.enum(['info', 'warn', 'critical']),
  cameraId: z.string().nullable(),
  personId: z.string().nullable(),
  memberId: z.string().nullable(),
  message: z.string(),
  acknowledgedBy: z.string().nullable(),
  /** The email of the staff account that acknowledged (absent from servers before it was added). */
  acknowledgedByEmail: z.string().nullable().optional(),
  acknowledgedAt: IsoTime.nullable(),
});
export type AlertOut = z.infer<typeof AlertOut>;

export const RosterEntry = z.object({
  personId: z.string(),
  memberId: z.string().nullable(),
  /** Shown only to staff; never logged. */
  displayName: z.string().nullable(),
  cameraId: z.string(),
  floor: z.object({ x: z.number(), y: z.number() }).nullable(),
  exercise: z.string().nullable(),
  reps: z.number().int().nullable(),
  since: IsoTime,
  lastSeenAt: IsoTime,
});
export type RosterEntry = z.infer<typeof RosterEntry>;
