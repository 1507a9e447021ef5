/**
 * Health of every camera and perception worker: per camera its state (capture-node) and its analysis (the
 * worker's latest `worker:stats`: analysed fps, latency, backend, drops, worker restarts); per worker the full
 * report (from `/api/workers/stats`, refreshed every 3 s).
 */
import { useCameraHealth, useCameras, useWorkerStats } from '../hooks/use-console-data.ts';
import { WorkerCard } from '../components/health/worker-card.tsx';
import { cameraAnalysis, fpsLabel } from '../components/health/camera-analysis.ts';

export function HealthPage() {
  const stats = useWorkerStats();
  const health = useCameraHealth();
  const cameras = useCameras();
  // Every camera this account may watch, whether or not capture-node or a worker has reported it yet.
  const ids = [...new Set([...(cameras.data ?? []).map((c) => c.id), ...(health.data ?? []).map((h) => h.cameraId)])];
  return (
    <section className="page" aria-label="health">
      <h2>Cameras</h2>
      {(stats.error ?? health.error) && <p role="alert" className="error">{((stats.error ?? health.error) as Error).message}</p>}
      {ids.length === 0 && <p className="muted">No cameras you may watch.</p>}
      {ids.length > 0 && (
        <table className="table" aria-label="camera health">
          <thead>
            <tr>
              <th scope="col">Camera</th>
              <th scope="col">State</th>
              <th scope="col">Since</th>
              <th scope="col">Analysed</th>
              <th scope="col">Latency</th>
              <th scope="col">Backend</th>
              <th scope="col">Dropped</th>
              <th scope="col">Worker (restarts)</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const h = health.data?.find((x) => x.cameraId === id);
              const a = cameraAnalysis(stats.data, id);
              const name = cameras.data?.find((c) => c.id === id)?.name;
              return (
                <tr key={id} data-camera-id={id}>
                  <td>{name ? <>{name} <span className="muted">{id}</span></> : id}</td>
                  <td><span className={`pill ${h?.state === 'live' ? 'ok' : h?.state === 'down' ? 'bad' : ''}`}>{h?.state ?? 'unknown'}</span></td>
                  <td>{h ? new Date(h.since).toLocaleTimeString() : ''}</td>
                  <td data-testid={`camera-fps-${id}`} className={a?.state === 'down' ? 'error' : ''}>{fpsLabel(a)}</td>
                  <td>{a?.latencyMs !== null && a?.latencyMs !== undefined ? `${a.latencyMs} ms` : '–'}</td>
                  <td>{a ? <span className="pill" title="inference backend">{a.backend}</span> : '–'}</td>
                  <td>{a ? `${a.dropped} of ${a.decoded}` : '–'}</td>
                  <td>{a ? `${a.workerId} (${a.restarts})` : '–'}</td>
                  <td>{h?.reason ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>Perception workers</h2>
      {stats.data?.length === 0 && <p className="muted">No worker has reported yet.</p>}
      {stats.data?.map((w) => <WorkerCard key={w.stats.workerId} entry={w} />)}
    </section>
  );
}
