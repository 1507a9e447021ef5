/** Who is in the gym now: where (camera, floor position), doing what, since when. Follow opens their camera, and keeps to it as they move. */
import { useCameras, useRoster } from '../hooks/use-console-data.ts';
import { navigate } from '../hooks/use-route.ts';
import { RosterRow } from '../components/roster/roster-row.tsx';

export function RosterPage() {
  const roster = useRoster();
  const cameras = useCameras();
  const cameraName = (id: string) => cameras.data?.find((c) => c.id === id)?.name ?? id;
  const rows = roster.data ?? [];
  return (
    <section className="page" aria-label="roster">
      <h2>In the gym now <span className="count" data-testid="roster-count">{rows.length}</span></h2>
      {roster.error && <p role="alert" className="error">{(roster.error as Error).message}</p>}
      {roster.data && rows.length === 0 && <p className="muted">Nobody in view of your cameras.</p>}
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Camera</th>
              <th scope="col">Floor (m)</th>
              <th scope="col">Doing</th>
              <th scope="col">Since</th>
              <th scope="col">Last seen</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <RosterRow key={r.personId} entry={r} cameraName={cameraName(r.cameraId)} onFollow={() => navigate(`/live?follow=${encodeURIComponent(r.personId)}`)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
