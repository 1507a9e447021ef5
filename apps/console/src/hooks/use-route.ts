/** Hash routes of the console (`#/live`, `#/live/cam-floor`, `#/roster`, `#/admin/members` …): bookmarkable, no server routes. */
import { useHashRoute } from '../../../shared/hash-route.ts';

export { navigate } from '../../../shared/hash-route.ts';

export interface Route {
  page: string;
  /** The rest of the path, e.g. a camera id or an admin section. */
  arg: string | null;
  /** `?follow=<personId>` and similar. */
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page, ...rest] = path.split('/').filter(Boolean);
  return { page: page || 'live', arg: rest.length ? decodeURIComponent(rest.join('/')) : null, params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  return useHashRoute(parseRoute);
}
