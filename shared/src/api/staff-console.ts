/**
 * Response shapes the staff console reads from routes whose server schemas predate `contracts.ts` (members, users,
 * audit, cameras, system, worker stats), as JSON on the wire (dates are ISO strings). The console's API client
 * parses every answer with these, so a server change that breaks the console fails loudly at the boundary.
 */
import { z } from 'zod';
import { WorkerStats } from '../messages/perception.ts';
import { ConsentChoice } from './contracts.ts';

const IsoTime = z.string();

export const CameraSummary = z.object({ id: z.string(), name: z.string() });
export type CameraSummary = z.infer<typeof CameraSummary>;

export const SystemInfo = z.object({
  gym: z.object({ id: z.string(), name: z.string() }),
  signalingUrl: z.string().nullable(),
  /** The face detector and embedder the workers run; the console's face enrolment loads the same files. */
  faceModels: z.object({ detector: z.string(), embedder: z.string() }).optional(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const WorkerStatsEntry = z.object({ stats: WorkerStats, receivedAt: z.number(), connects: z.number().int(), stale: z.boolean() });
export type WorkerStatsEntry = z.infer<typeof WorkerStatsEntry>;

export const MemberSummary = z.object({ id: z.string(), gymId: z.string(), displayName: z.string(), email: z.string().nullable(), createdAt: IsoTime });
export type MemberSummary = z.infer<typeof MemberSummary>;

export const MemberConsent = z.object({ id: z.string(), kind: ConsentChoice, grantedAt: IsoTime.nullable(), revokedAt: IsoTime.nullable(), evidence: z.string() });
export type MemberConsent = z.infer<typeof MemberConsent>;

export const EraseCounts = z.record(z.string(), z.number());

export const StaffRole = z.enum(['member', 'trainer', 'admin']);
export const UserSummary = z.object({ id: z.string(), email: z.string(), role: StaffRole, memberId: z.string().nullable(), createdAt: IsoTime.optional(), lastLoginAt: IsoTime.nullable().optional() });
export type UserSummary = z.infer<typeof UserSummary>;

export const NewStaffUser = z.object({
  email: z.string().email(),
  password: z.string().min(10),
  role: StaffRole,
  memberId: z.string().nullable().optional(),
  cameras: z.array(z.string()).optional(),
});
export type NewStaffUser = z.infer<typeof NewStaffUser>;

/** `GET /api/users/:id/cameras`, `PUT /api/users/:id/cameras` body and answer: the cameras a trainer may watch. */
export const CameraGrants = z.object({ cameras: z.array(z.string().min(1).max(64)).max(200) });
export type CameraGrants = z.infer<typeof CameraGrants>;

export const AuditEntry = z.object({
  id: z.number(),
  at: IsoTime,
  actorUserId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
