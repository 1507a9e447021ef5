/**
 * Wall screen (`#/live?wall=1`): every camera this account may watch in one full-screen grid, no navigation or
 * side panel, large type; a thin top strip with the gym, the clock and the open-alert count. Sized for a TV at
 * 1920×1080 or 3840×2160 (rows and columns chosen to fill the screen); Escape or "Exit wall" goes back.
 */
import { useEffect, useState } from 'react';
import { useAlerts, useCameraHealth, useCameras, useSystem, useWorkerStats } from '../hooks/use-console-data.ts';
import { useLive } from '../hooks/use-live.tsx';
import { usePersonLabels } from '../hooks/use-person-labels.ts';
import { navigate } from '../hooks/use-route.ts';
import { CameraTile } from '../components/live/camera-tile.tsx';
import { ALL_LAYERS } from '../components/live/overlay-draw.ts';
import { cameraAnalysis } from '../components/health/camera-analysis.ts';
import { newestHealth } from '../components/live/newest-health.ts';
import { wallGrid } from '../components/live/wall-grid.ts';

function useClock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 10_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

export function WallPage() {
  const cameras = useCameras();
  const system = useSystem();
  const polled = useCameraHealth();
  const stats = useWorkerStats();
  const open = useAlerts(true);
  const live = useLive();
  const labelOf = usePersonLabels();
  const now = useClock();
  const [aspect, setAspect] = useState(() => window.innerWidth / Math.max(1, window.innerHeight));
  useEffect(() => {
    const on = () => setAspect(window.innerWidth / Math.max(1, window.innerHeight));
    const key = (e: KeyboardEvent) => e.key === 'Escape' && navigate('/live');
    window.addEventListener('resize', on);
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('resize', on);
      window.removeEventListener('keydown', key);
    };
  }, []);
  const list = cameras.data ?? [];
  const { cols, rows } = wallGrid(list.length, aspect);
  const alerts = open.data?.length ?? 0;
  return (
    <div className="wall" data-testid="wall">
      <header className="wall-strip">
        <h1>{system.data?.gym.name ?? 'Smart Gym'}</h1>
        <span className={live.connected ? 'pill ok' : 'pill'}>{live.connected ? 'live' : 'connecting…'}</span>
        <span className={alerts ? 'wall-alerts bad' : 'wall-alerts'} role="status" aria-live="polite">{!open.data ? '' : alerts ? `${alerts} open alert${alerts === 1 ? '' : 's'}` : 'no open alerts'}</span>
        <span className="spacer" />
        <time dateTime={now.toISOString()}>{now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
        <a href="#/live" className="wall-exit">Exit wall</a>
      </header>
      {cameras.data?.length === 0 && <p className="center">No cameras you may watch.</p>}
      <section className="wall-grid" aria-label="cameras" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}>
        {list.map((c) => (
          <CameraTile
            key={c.id}
            camera={c}
            signalingUrl={system.data?.signalingUrl ?? null}
            health={newestHealth(live.health.get(c.id), polled.data?.find((h) => h.cameraId === c.id))}
            analysis={cameraAnalysis(stats.data, c.id)}
            layers={ALL_LAYERS}
            hold
            labelOf={labelOf}
            wall
          />
        ))}
      </section>
    </div>
  );
}
