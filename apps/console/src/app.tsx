import { useEffect, useState } from 'react';
import type { CameraHealth } from '@gym/shared';
import { api, type ApiUser } from '../../shared/api.ts';
import { useSession } from '../../shared/use-session.ts';
import { LoginForm } from '../../shared/login-form.tsx';
import { CameraTile } from './camera-tile.tsx';
import { EventFeed } from './event-feed.tsx';
import { useLiveEvents } from './use-live-events.ts';
import './console.css';

/** The more recent of the live event and the last poll (both carry `since`). */
function newest(a: CameraHealth | undefined, b: CameraHealth | undefined): CameraHealth | null {
  if (!a || !b) return a ?? b ?? null;
  return a.since >= b.since ? a : b;
}

interface Camera {
  id: string;
  name: string;
}
interface SystemInfo {
  gym: { id: string; name: string };
  /** capture-node's origin for WebRTC signaling; null when video is not available. */
  signalingUrl: string | null;
}

/** Staff console: live camera views with person overlays, and the live event feed. */
export function App() {
  const { user, checking, signIn, signOut } = useSession();
  if (checking) return <p className="center">Loading…</p>;
  if (!user) return <LoginForm title="Smart Gym — staff console" onLogin={signIn} />;
  if (user.role === 'member')
    return (
      <main className="center">
        <p>The console is for gym staff. Members use the app at <a href="/apps/member/">/apps/member/</a>.</p>
        <button onClick={signOut}>Sign out</button>
      </main>
    );
  return <Console user={user} onSignOut={signOut} />;
}

function Console({ user, onSignOut }: { user: ApiUser; onSignOut: () => void }) {
  const [cameras, setCameras] = useState<Camera[] | null>(null);
  const [system, setSystem] = useState<SystemInfo | null>(null);
  const [polledHealth, setPolledHealth] = useState(new Map<string, CameraHealth>());
  const [error, setError] = useState<string | null>(null);
  const live = useLiveEvents();

  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const [cams, sys, health] = await Promise.all([
          api<Camera[]>('/api/cameras'),
          api<SystemInfo>('/api/system').catch(() => null),
          api<CameraHealth[]>('/api/cameras/health').catch(() => []),
        ]);
        if (stop) return;
        setCameras(cams);
        setSystem(sys);
        setPolledHealth(new Map(health.map((h) => [h.cameraId, h])));
        setError(null);
      } catch (e) {
        if (!stop) setError(`Cannot reach the server: ${(e as Error).message}. Retrying…`);
      }
    };
    void load();
    const t = setInterval(load, 10_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, []);

  return (
    <div className="console">
      <header>
        <h1>{system?.gym.name ?? 'Smart Gym'} — staff console</h1>
        <span className={live.connected ? 'pill ok' : 'pill'}>{live.connected ? 'live' : 'connecting…'}</span>
        <span className="spacer" />
        <span className="muted">{user.email} ({user.role})</span>
        <button className="link" onClick={onSignOut}>Sign out</button>
      </header>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="layout">
        <section className="cameras" aria-label="cameras">
          {cameras === null && !error && <p>Loading cameras…</p>}
          {cameras?.length === 0 && <p>No cameras you may watch. Add cameras to the gym config, or ask an admin for access.</p>}
          {cameras?.map((c) => (
            <CameraTile key={c.id} camera={c} signalingUrl={system?.signalingUrl ?? null} health={newest(live.health.get(c.id), polledHealth.get(c.id))} people={live.peopleOn(c.id)} />
          ))}
        </section>
        <EventFeed events={live.events} />
      </div>
    </div>
  );
}
