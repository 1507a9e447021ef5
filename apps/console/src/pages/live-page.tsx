/** Live grid of the cameras this account may watch; a camera id in the route shows that camera large. */
import { useState } from 'react';
import type { CameraHealth } from '@gym/shared';
import { useCameraHealth, useCameras, useSystem, useWorkerStats } from '../hooks/use-console-data.ts';
import { useLive } from '../hooks/use-live.tsx';
import { usePersonLabels } from '../hooks/use-person-labels.ts';
import { navigate } from '../hooks/use-route.ts';
import { CameraTile } from '../components/live/camera-tile.tsx';
import { LayerToggles } from '../components/live/layer-toggles.tsx';
import { ALL_LAYERS, type OverlayLayers } from '../components/live/overlay-draw.ts';
import { EventFeed } from '../components/live/event-feed.tsx';
import { cameraAnalysis } from '../components/health/camera-analysis.ts';

/** The more recent of the live event and the last poll (both carry `since`). */
function newest(a: CameraHealth | undefined, b: CameraHealth | undefined): CameraHealth | null {
  if (!a || !b) return a ?? b ?? null;
  return a.since >= b.since ? a : b;
}

export function LivePage({ focus }: { focus: string | null }) {
  const cameras = useCameras();
  const system = useSystem();
  const polled = useCameraHealth();
  const stats = useWorkerStats();
  const live = useLive();
  const labelOf = usePersonLabels();
  const [layers, setLayers] = useState<OverlayLayers>(ALL_LAYERS);
  const [hold, setHold] = useState(true);
  const shown = focus ? (cameras.data ?? []).filter((c) => c.id === focus) : (cameras.data ?? []);
  return (
    <div className="live-page">
      <section className={focus ? 'cameras single' : 'cameras'} aria-label="cameras">
        {focus && (
          <p>
            <button onClick={() => navigate('/live')}>← All cameras</button>
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
            health={newest(live.health.get(c.id), polled.data?.find((h) => h.cameraId === c.id))}
            analysis={cameraAnalysis(stats.data, c.id)}
            layers={layers}
            hold={hold}
            labelOf={labelOf}
            large={Boolean(focus)}
            {...(focus ? {} : { onOpen: () => navigate(`/live/${encodeURIComponent(c.id)}`) })}
          />
        ))}
      </section>
      <aside className="side">
        <LayerToggles layers={layers} onChange={setLayers} hold={hold} onHold={setHold} />
        <EventFeed events={live.events} />
      </aside>
    </div>
  );
}
