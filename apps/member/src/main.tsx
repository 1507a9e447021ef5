import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';

createRoot(document.getElementById('root')!).render(<App />);

// Offline app shell (the API is never cached): see apps/public/member-sw.js.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/member-sw.js', { scope: '/apps/member/' }).catch(() => {});
  });
}
