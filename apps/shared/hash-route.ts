/** Hash routing shared by the console and the member PWA: bookmarkable pages, no server routes. */
import { useEffect, useState } from 'react';

export function navigate(to: string) {
  window.location.hash = to.startsWith('#') ? to : `#${to}`;
}

/** The current route as `parse` reads the URL hash, updated on every hash change. */
export function useHashRoute<R>(parse: (hash: string) => R): R {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [parse]);
  return route;
}
