/**
 * The app's react-query client, its cache kept in localStorage so what was already loaded (history, charts, coach
 * chat, consents) still shows offline. The cache holds only this member's own data; it is dropped on sign-out and
 * after self-erase (clearCache).
 */
import { session } from '../../../shared/api.ts';
import { QueryClient, dehydrate, hydrate, type DehydratedState } from '@tanstack/react-query';

const KEY = 'gym.member.cache/1';
const MAX_AGE_MS = 7 * 24 * 3600_000;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, refetchOnWindowFocus: false, gcTime: MAX_AGE_MS, networkMode: 'offlineFirst' },
    mutations: { networkMode: 'always' },
  },
});

export function restoreCache(): void {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return;
    const saved = JSON.parse(raw) as { savedAt: number; state: DehydratedState };
    if (Date.now() - saved.savedAt > MAX_AGE_MS) return localStorage.removeItem(KEY);
    hydrate(queryClient, saved.state);
  } catch {
    localStorage.removeItem(KEY);
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
function save() {
  clearTimeout(timer);
  if (!session.token) return; // signed out or erased: nothing of theirs is kept
  const state = dehydrate(queryClient, { shouldDehydrateQuery: (q) => q.state.status === 'success' || q.state.data !== undefined });
  try {
    localStorage.setItem(KEY, JSON.stringify({ savedAt: Date.now(), state }));
  } catch {
    /* storage full: the app still works online */
  }
}

/** Saves the cache a moment after each change, and at once when the page goes away. */
export function persistCache(): () => void {
  const off = queryClient.getQueryCache().subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(save, 300);
  });
  window.addEventListener('pagehide', save);
  return () => {
    off();
    window.removeEventListener('pagehide', save);
  };
}

export function clearCache(): void {
  clearTimeout(timer);
  queryClient.clear();
  localStorage.removeItem(KEY);
}
