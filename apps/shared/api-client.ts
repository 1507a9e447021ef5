/**
 * The typed REST client of the browser apps: one function per route the screens use, each answer parsed with the
 * shared zod schema (a server that drifts from the contract fails here, with the route in the message).
 * Built on `api()` (bearer token, JSON, server error messages). Screens reach it through hooks, never directly.
 */
import { z } from 'zod';
import {
  AlertOut,
  AuditEntry,
  CameraGrants,
  CameraHealth,
  CameraSummary,
  EraseCounts,
  InviteOut,
  MemberConsent,
  MemberSummary,
  RosterEntry,
  SystemInfo,
  UserSummary,
  WorkerStatsEntry,
  type AlertKind,
  type ConsentChoice,
  type NewStaffUser,
} from '@gym/shared';
import { apiParsed } from './api.ts';

const get = apiParsed;
const enc = encodeURIComponent;

export const apiClient = {
  system: () => get(SystemInfo, '/api/system'),
  cameras: () => get(z.array(CameraSummary), '/api/cameras'),
  /** A short-lived, audited grant to watch one camera's video through capture-node's signaling. */
  viewGrant: (cameraId: string) => get(z.object({ token: z.string() }), `/api/cameras/${enc(cameraId)}/view`, { method: 'POST' }),
  cameraHealth: () => get(z.array(CameraHealth), '/api/cameras/health'),
  workerStats: () => get(z.array(WorkerStatsEntry), '/api/workers/stats'),
  roster: () => get(z.array(RosterEntry), '/api/roster'),
  alerts: (o: { open?: boolean; limit?: number; kind?: AlertKind | null } = {}) => get(z.array(AlertOut), `/api/alerts?limit=${o.limit ?? 100}&open=${o.open ? 'true' : 'false'}${o.kind ? `&kind=${enc(o.kind)}` : ''}`),
  ackAlert: (id: string) => get(AlertOut, `/api/alerts/${enc(id)}/ack`, { method: 'POST' }),

  members: () => get(z.array(MemberSummary), '/api/members'),
  createMember: (m: { displayName: string; email: string | null }) => get(MemberSummary, '/api/members', { method: 'POST', body: m }),
  memberConsents: (id: string) => get(z.array(MemberConsent), `/api/members/${enc(id)}/consents`),
  recordConsent: (id: string, kind: ConsentChoice, evidence: string) => get(MemberConsent, `/api/members/${enc(id)}/consents`, { method: 'POST', body: { kind, evidence } }),
  revokeConsent: (id: string, kind: ConsentChoice) => get(z.unknown(), `/api/members/${enc(id)}/consents/${enc(kind)}`, { method: 'DELETE' }),
  /** Face embeddings computed in the console with the workers' embedder (admin; needs the face-identification consent). */
  enrolFaces: (id: string, model: string, embeddings: number[][]) => get(z.object({ enrolled: z.number(), total: z.number() }), `/api/members/${enc(id)}/faces`, { method: 'POST', body: { model, embeddings } }),
  invite: (id: string) => get(InviteOut, `/api/members/${enc(id)}/invites`, { method: 'POST' }),
  eraseMember: (id: string) => get(EraseCounts, `/api/members/${enc(id)}`, { method: 'DELETE' }),

  users: () => get(z.array(UserSummary), '/api/users'),
  createUser: (u: NewStaffUser) => get(UserSummary, '/api/users', { method: 'POST', body: u }),
  userCameras: (id: string) => get(CameraGrants, `/api/users/${enc(id)}/cameras`),
  setUserCameras: (id: string, cameras: string[]) => get(CameraGrants, `/api/users/${enc(id)}/cameras`, { method: 'PUT', body: { cameras } }),
  audit: (limit = 500) => get(z.array(AuditEntry), `/api/audit?limit=${limit}`),
};
export type ApiClient = typeof apiClient;

/** The member PWA's routes live in their own file (member-api-client.ts); re-exported so one import serves both apps. */
export { memberApi, type MemberApi } from './member-api-client.ts';
