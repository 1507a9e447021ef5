/** Shown while the server cannot be reached: what is on screen may be from earlier. */
import { useOnline } from '../hooks/use-online.ts';

export function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return (
    <p className="offline-banner" role="status" data-testid="offline-banner">
      Offline — showing what was loaded before. Changes need a connection.
    </p>
  );
}
