import { useEffect, useState } from 'react';
import { ApiClientError, api, session, type ApiUser } from './api.ts';

const USER_KEY = 'gym.user';
const remembered = (): ApiUser | null => {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) ?? 'null') as ApiUser | null;
  } catch {
    return null;
  }
};

/**
 * The signed-in account: checks a stored token once with `/api/me` (dropping it when the server refuses), and
 * offers sign-in / sign-out for the app's screens. When the server cannot be reached (offline), the account last
 * confirmed with this token is used, so an installed app still opens on what it had loaded.
 */
export function useSession() {
  const [user, setUser] = useState<ApiUser | null>(null);
  const [checking, setChecking] = useState(Boolean(session.token));
  useEffect(() => {
    if (!session.token) return;
    api<ApiUser>('/api/me')
      .then((u) => {
        localStorage.setItem(USER_KEY, JSON.stringify(u));
        setUser(u);
      })
      .catch((e: unknown) => {
        const offlineUser = e instanceof ApiClientError && e.status === 0 ? remembered() : null;
        if (offlineUser) return setUser(offlineUser);
        session.set(null);
        localStorage.removeItem(USER_KEY);
      })
      .finally(() => setChecking(false));
  }, []);
  const signIn = (u: ApiUser) => {
    localStorage.setItem(USER_KEY, JSON.stringify(u));
    setUser(u);
  };
  const signOut = () => {
    session.set(null);
    localStorage.removeItem(USER_KEY);
    setUser(null);
  };
  return { user, checking, signIn, signOut };
}
