/** Tiny REST client shared by the console and the PWA: bearer token, JSON, errors with the server's message. */
import type { z } from 'zod';

export interface ApiUser {
  id: string;
  email: string;
  role: 'member' | 'trainer' | 'admin';
  memberId: string | null;
}

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'gym.accessToken';

export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set(token: string | null) {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  },
};

/** Fired on `window` after each request: `detail` is true when the server answered, false when it could not be reached. */
export const NETWORK_EVENT = 'gym:network';
function reportNetwork(reached: boolean) {
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(NETWORK_EVENT, { detail: reached }));
}

/**
 * A request with the session's bearer token, answered as the raw Response (for streams and downloads); throws
 * ApiClientError when the server cannot be reached or answers with an error.
 */
export async function apiFetch(path: string, init: { method?: string; body?: unknown; accept?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.accept) headers.accept = init.accept;
  let r: Response;
  try {
    r = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? null : JSON.stringify(init.body) });
  } catch (e) {
    reportNetwork(false);
    throw new ApiClientError(0, 'NETWORK', `Cannot reach the server (${(e as Error).message})`);
  }
  reportNetwork(true);
  if (!r.ok) await throwFor(r);
  return r;
}

async function throwFor(r: Response): Promise<never> {
  const data = await r.json().catch(() => null);
  const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
  if (r.status === 401) session.set(null);
  throw new ApiClientError(r.status, err?.code ?? 'HTTP', err?.message ?? `server answered ${r.status}`);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const r = await apiFetch(path, init);
  return (r.status === 204 ? null : await r.json().catch(() => null)) as T;
}

/** `api()` with the answer parsed by the shared zod schema: a server that drifts from the contract fails here, naming the route. */
export async function apiParsed<S extends z.ZodTypeAny>(schema: S, path: string, init?: { method?: string; body?: unknown }): Promise<z.infer<S>> {
  const data = await api<unknown>(path, init);
  const r = schema.safeParse(data);
  if (!r.success) throw new Error(`${init?.method ?? 'GET'} ${path.split('?')[0]}: unexpected answer (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`);
  return r.data;
}

export async function login(email: string, password: string): Promise<ApiUser> {
  const res = await api<{ accessToken: string; user: ApiUser }>('/api/auth/login', { method: 'POST', body: { email, password } });
  session.set(res.accessToken);
  return res.user;
}
