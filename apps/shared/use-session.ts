import { useEffect, useState } from 'react';
import { api, session, type ApiUser } from './api.ts';

/**
 * The signed-in account: checks a stored token once with `/api/me` (dropping it when the server refuses), and
 * offers sign-in / sign-out for the app's screens.
 */
export function useSession() {
  const [user, setUser] = useState<ApiUser | null>(null);
  const [checking, setChecking] = useState(Boolean(session.token));
  useEffect(() => {
    if (!session.token) return;
    api<ApiUser>('/api/me')
      .then(setUser)
      .catch(() => session.set(null))
      .finally(() => setChecking(false));
  }, []);
  const signOut = () => {
    session.set(null);
    setUser(null);
  };
  return { user, checking, signIn: setUser, signOut };
}
