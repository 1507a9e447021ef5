/** One perception worker: backend, restarts, staleness, and per camera fps, latency, drops and stage times. */
import type { WorkerStatsEntry } from '@gym/shared';

export function WorkerCard({ entry }: { entry: WorkerStatsEntry }) {
  const s = entry.stats;
  return (
    <article className="worker" data-worker-id={s.workerId} aria-label={`worker ${s.workerId}`}>
      <h3>
        {s.workerId} <span className="pill" title="inference backend">{s.backend}</span>{' '}
        <span className={`pill ${entry.stale ? 'bad' : 'ok'}`}>{entry.stale ? 'no report — down?' : 'reporting'}</span>{' '}
        <span className="muted">restarts {Math.max(0, entry.connects - 1)} · last report {new Date(entry.receivedAt).toLocaleTimeString()}</span>
      </h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Camera</th>
            <th scope="col">Analysed fps</th>
            <th scope="col">Latency</th>
            <th scope="col">Decoded</th>
            <th scope="col">Dropped</th>
            <th scope="col">Size</th>
            <th scope="col">Stages (ms)</th>
          </tr>
        </thead>
        <tbody>
          {s.cameras.map((c) => (
            <tr key={c.cameraId} data-camera-id={c.cameraId}>
              <td>{c.cameraId}</td>
              <td data-testid={`fps-${c.cameraId}`}>{c.analysedFps > 0 || Object.keys(c.stageMs).length ? c.analysedFps.toFixed(1) : 'starting…'}</td>
              <td title="report time minus capture time of the last analysed frame">{c.lastFrameTs ? `${Math.max(0, s.at - c.lastFrameTs)} ms` : '–'}</td>
              <td>{c.decodedFrames}</td>
              <td>{c.droppedFrames}</td>
              <td>{c.width}×{c.height}</td>
              <td className="muted">{Object.entries(c.stageMs).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
