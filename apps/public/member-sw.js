// Member PWA service worker: caches the app shell (the page and every script, style and icon it names) at install,
// so the app opens offline; already loaded data comes from the app's persisted query cache. API and socket
// traffic always go to the network and are never cached here (personal data).
const CACHE = 'gym-member-v2';
const PAGE = '/apps/member/';
const STATIC = ['/member.webmanifest', '/member-icon.svg', '/member-icon-192.png', '/member-icon-512.png', '/member-icon-maskable-512.png'];

/** The page's own assets (content-hashed scripts, styles, preloads), read from its HTML. */
async function shellUrls() {
  const html = await (await fetch(PAGE, { cache: 'no-store' })).text();
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1], self.location.origin + PAGE));
  return [PAGE, ...STATIC, ...urls.filter((u) => u.origin === self.location.origin && !u.pathname.startsWith('/api/')).map((u) => u.pathname)];
}

self.addEventListener('install', (e) => {
  e.waitUntil(
    shellUrls()
      .then((urls) => caches.open(CACHE).then((c) => c.addAll([...new Set(urls)])))
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;
  // Network first, cache as fallback (assets are content-hashed, so a stale cache never mixes versions).
  e.respondWith(
    fetch(e.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          void caches.open(CACHE).then((c) => c.put(e.request, copy));
        }
        return res;
      })
      .catch(() => caches.match(e.request, { ignoreSearch: true }).then((r) => r ?? (e.request.mode === 'navigate' ? caches.match(PAGE) : Response.error()))),
  );
});

// Push: the server sends { title, body, url } (set and session summaries).
self.addEventListener('push', (e) => {
  const d = (() => {
    try {
      return e.data ? e.data.json() : {};
    } catch {
      return { body: e.data ? e.data.text() : '' };
    }
  })();
  e.waitUntil(self.registration.showNotification(d.title || 'Smart Gym', { body: d.body || '', icon: '/member-icon-192.png', data: { url: d.url || `${PAGE}#/coach` } }));
});
self.addEventListener('notificationclick', (e) => {
  e.notification.close();
  e.waitUntil(self.clients.openWindow(e.notification.data?.url || PAGE));
});
