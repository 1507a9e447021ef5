/** Health of every camera and perception worker: analysed fps, latency, backend, drops, restarts (from `/api/workers/stats`). */
import { useCameraHealth, useWorkerStats } from '../hooks/use-console-data.ts';
import { WorkerCard } from '../components/health/worker-card.tsx';

export function HealthPage() {
  const stats = useWorkerStats();
  const health = useCameraHealth();
  return (
    <section className="page" aria-label="health">
      <h2>Cameras</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Camera</th>
            <th scope="col">State</th>
            <th scope="col">Since</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {health.data?.map((h) => (
            <tr key={h.cameraId} data-camera-id={h.cameraId}>
              <td>{h.cameraId}</td>
              <td><span className={`pill ${h.state === 'live' ? 'ok' : h.state === 'down' ? 'bad' : ''}`}>{h.state}</span></td>
              <td>{new Date(h.since).toLocaleTimeString()}</td>
              <td>{h.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Perception workers</h2>
      {stats.data?.length === 0 && <p className="muted">No worker has reported yet.</p>}
      {stats.data?.map((w) => <WorkerCard key={w.stats.workerId} entry={w} />)}
    </section>
  );
}
