/**
 * The member PWA's typed REST client (join, /api/me/*, coach, push): each answer parsed with the shared zod schema,
 * so a server that drifts from shared/src/api/contracts.ts fails here with the route named. Screens reach it
 * through hooks (apps/member/src/hooks/), never directly.
 */
import { z } from 'zod';
import {
  CoachMessage,
  CoachStreamEvent,
  CoachSummary,
  ConsentState,
  EraseResult,
  InvitePreview,
  MyProfile,
  ProgressSeries,
  SessionOut,
  SetOut,
  type ConsentChoice,
  type HealthScreening,
  type InviteAccept,
  type PushSubscriptionIn,
} from '@gym/shared';
import { apiParsed, apiFetch, session, type ApiUser } from './api.ts';
import { readSse } from './sse.ts';

const get = apiParsed;
const enc = encodeURIComponent;
const LoginOut = z.object({ accessToken: z.string(), user: z.object({ id: z.string(), email: z.string(), role: z.enum(['member', 'trainer', 'admin']), memberId: z.string().nullable() }) });

export const memberApi = {
  invitePreview: (token: string) => get(InvitePreview, `/api/invites/${enc(token)}`),
  /** Creates the account from an invite and signs in with it. */
  acceptInvite: async (token: string, body: InviteAccept): Promise<ApiUser> => {
    const res = await get(LoginOut, `/api/invites/${enc(token)}/accept`, { method: 'POST', body });
    session.set(res.accessToken);
    return res.user;
  },

  profile: () => get(MyProfile, '/api/me/profile'),
  updateProfile: (p: { goals?: string; injuryNotes?: string; reminders?: boolean; reminderHour?: number | null }) => get(MyProfile, '/api/me/profile', { method: 'PUT', body: p }),
  updateScreening: (s: HealthScreening) => get(MyProfile, '/api/me/screening', { method: 'PUT', body: s }),
  consents: () => get(z.array(ConsentState), '/api/me/consents'),
  setConsent: (kind: ConsentChoice, granted: boolean) => get(z.array(ConsentState), `/api/me/consents/${enc(kind)}`, { method: 'PUT', body: { granted } }),
  sets: (limit = 100) => get(z.array(SetOut), `/api/me/sets?limit=${limit}`),
  sessions: (limit = 30) => get(z.array(SessionOut), `/api/me/sessions?limit=${limit}`),
  progress: (limit = 30) => get(z.array(ProgressSeries), `/api/me/progress?limit=${limit}`),
  /** Everything stored about me, as a Blob to save. */
  exportBlob: async () => (await apiFetch('/api/me/export')).blob(),
  /** A set's clip as a Blob (the route needs the bearer token, so a plain <video src> cannot load it). */
  clipBlob: async (memberId: string, setId: string) => (await apiFetch(`/api/members/${enc(memberId)}/sets/${enc(setId)}/clip`)).blob(),
  eraseMe: () => get(EraseResult, '/api/me', { method: 'DELETE', body: { confirm: 'ERASE' } }),
  checkinToken: () => get(z.object({ token: z.string(), expiresInS: z.number() }), '/api/me/checkin-token', { method: 'POST' }),

  coachMessages: (limit = 50) => get(z.array(CoachMessage), `/api/me/coach/messages?limit=${limit}`),
  coachSummaries: (limit = 20) => get(z.array(CoachSummary), `/api/me/coach/summaries?limit=${limit}`),
  /** Asks the coach; `on` gets each streamed event (start, delta…, then done or error). */
  askCoach: async (text: string, on: (e: CoachStreamEvent) => void): Promise<void> => {
    const res = await apiFetch('/api/me/coach/messages', { method: 'POST', body: { text }, accept: 'text/event-stream' });
    await readSse(res, (r) => {
      const e = CoachStreamEvent.safeParse(JSON.parse(r.data));
      on(e.success ? e.data : { type: 'error', message: `unexpected coach event "${r.event}"` });
    });
  },
  vapidPublicKey: () => get(z.object({ publicKey: z.string() }), '/api/push/vapid-public-key'),
  pushSubscribe: (s: PushSubscriptionIn) => get(z.object({ id: z.string() }), '/api/me/push/subscriptions', { method: 'POST', body: s }),
  pushUnsubscribe: (endpoint: string) => get(z.unknown(), '/api/me/push/subscriptions', { method: 'DELETE', body: { endpoint } }),
};
export type MemberApi = typeof memberApi;
