/** Whether the app can reach the server: the browser's navigator.onLine and the outcome of the latest request. */
import { useEffect, useState } from 'react';
import { NETWORK_EVENT } from '../../../shared/api.ts';

export function useOnline(): boolean {
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const [serverReached, setServerReached] = useState(true);
  useEffect(() => {
    const on = () => setBrowserOnline(true);
    const off = () => setBrowserOnline(false);
    const net = (e: Event) => setServerReached(Boolean((e as CustomEvent<boolean>).detail));
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    window.addEventListener(NETWORK_EVENT, net);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
      window.removeEventListener(NETWORK_EVENT, net);
    };
  }, []);
  return browserOnline && serverReached;
}
