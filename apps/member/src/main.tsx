import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { persistCache, restoreCache } from './hooks/query-cache.ts';

// What was already loaded shows offline too: the react-query cache lives in localStorage (hooks/query-cache.ts).
restoreCache();
persistCache();
createRoot(document.getElementById('root')!).render(<App />);

// Offline app shell (the API is never cached by the worker): see apps/public/member-sw.js.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/member-sw.js', { scope: '/apps/member/' }).catch((e: unknown) => console.warn('service worker not registered', e));
  });
}
