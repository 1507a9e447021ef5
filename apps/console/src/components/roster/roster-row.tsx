/** One person in the roster table. */
import type { RosterEntry } from '@gym/shared';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

export function RosterRow({ entry: r, cameraName, onFollow }: { entry: RosterEntry; cameraName: string; onFollow: () => void }) {
  const who = r.displayName ?? (r.memberId ? 'member' : 'unknown person');
  return (
    <tr data-person-id={r.personId}>
      <td>
        <strong>{who}</strong> <span className="muted">#{r.personId.slice(0, 6)}</span>
      </td>
      <td>{cameraName}</td>
      <td>{r.floor ? `${r.floor.x.toFixed(1)}, ${r.floor.y.toFixed(1)}` : '–'}</td>
      <td>{r.exercise ? `${r.exercise}${r.reps !== null ? ` · ${r.reps} reps` : ''}` : 'not exercising'}</td>
      <td>{time(r.since)}</td>
      <td>{time(r.lastSeenAt)}</td>
      <td>
        <button onClick={onFollow} aria-label={`follow ${who} #${r.personId.slice(0, 6)}`}>Follow</button>
      </td>
    </tr>
  );
}
