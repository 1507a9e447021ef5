/** Live grid of the cameras this account may watch; a camera id in the route shows that camera large. */
import { useEffect, useState } from 'react';
import { useCameraHealth, useCameras, useSystem, useWorkerStats } from '../hooks/use-console-data.ts';
import { useLive } from '../hooks/use-live.tsx';
import { usePersonLabels } from '../hooks/use-person-labels.ts';
import { navigate } from '../hooks/use-route.ts';
import { CameraTile } from '../components/live/camera-tile.tsx';
import { LayerToggles } from '../components/live/layer-toggles.tsx';
import { ALL_LAYERS, type OverlayLayers } from '../components/live/overlay-draw.ts';
import { EventFeed } from '../components/live/event-feed.tsx';
import { cameraAnalysis } from '../components/health/camera-analysis.ts';
import { newestHealth } from '../components/live/newest-health.ts';

export function LivePage({ focus }: { focus: string | null }) {
  const cameras = useCameras();
  const system = useSystem();
  const polled = useCameraHealth();
  const stats = useWorkerStats();
  const live = useLive();
  const labelOf = usePersonLabels();
  const [layers, setLayers] = useState<OverlayLayers>(ALL_LAYERS);
  const [hold, setHold] = useState(true);
  // Escape leaves the large view (keyboard users need no pointer to get back).
  useEffect(() => {
    if (!focus) return;
    const key = (e: KeyboardEvent) => e.key === 'Escape' && navigate('/live');
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [focus]);
  const shown = focus ? (cameras.data ?? []).filter((c) => c.id === focus) : (cameras.data ?? []);
  return (
    <div className="live-page">
      <section className={focus ? 'cameras single' : 'cameras'} aria-label="cameras">
        {focus && (
          <p>
            <button onClick={() => navigate('/live')} aria-keyshortcuts="Escape">← All cameras</button>
          </p>
        )}
        {cameras.isLoading && <p>Loading cameras…</p>}
        {cameras.data?.length === 0 && <p>No cameras you may watch. Add cameras to the gym config, or ask an admin for access.</p>}
        {focus && cameras.data && shown.length === 0 && <p role="alert">Camera {focus} is not one you may watch.</p>}
        {shown.map((c) => (
          <CameraTile
            key={c.id}
            camera={c}
            signalingUrl={system.data?.signalingUrl ?? null}
            health={newestHealth(live.health.get(c.id), polled.data?.find((h) => h.cameraId === c.id))}
            analysis={cameraAnalysis(stats.data, c.id)}
            layers={layers}
            hold={hold}
            labelOf={labelOf}
            large={Boolean(focus)}
            {...(focus ? {} : { onOpen: () => navigate(`/live/${encodeURIComponent(c.id)}`) })}
          />
        ))}
      </section>
      <aside className="side" aria-label="overlay layers and events">
        <p><a href="#/live?wall=1" className="button-link">Wall screen</a> <span className="muted">full-screen grid for a TV</span></p>
        <LayerToggles layers={layers} onChange={setLayers} hold={hold} onHold={setHold} />
        <EventFeed events={live.events} />
      </aside>
    </div>
  );
}
