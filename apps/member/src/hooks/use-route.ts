/** The member app's hash routes: `#/now`, `#/history`, `#/coach`, `#/me`, `#/screening` (the health questions again), `#/join/<token>`, `#/login`. */
import { useHashRoute } from '../../../shared/hash-route.ts';

export { navigate } from '../../../shared/hash-route.ts';

export type Page = 'now' | 'history' | 'coach' | 'me' | 'screening' | 'join' | 'login';
export interface Route {
  page: Page;
  /** The rest of the path, e.g. the invite token of `#/join/<token>`. */
  arg: string | null;
}
const PAGES: readonly Page[] = ['now', 'history', 'coach', 'me', 'screening', 'join', 'login'];

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);
  const known = PAGES.find((p) => p === page);
  return { page: known ?? 'now', arg: known && rest.length ? decodeURIComponent(rest.join('/')) : null };
}

export function useRoute(): Route {
  return useHashRoute(parseRoute);
}
