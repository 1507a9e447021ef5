/** Hash routes of the console (`#/live`, `#/live/cam-floor`, `#/roster`, `#/admin/members` …): bookmarkable, no server routes. */
import { useEffect, useState } from 'react';

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

export function navigate(to: string) {
  window.location.hash = to.startsWith('#') ? to : `#${to}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
