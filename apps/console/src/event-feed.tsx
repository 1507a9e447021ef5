import type { GymEvent } from '@gym/shared';

function describe(e: GymEvent): string {
  switch (e.type) {
    case 'identity.resolved':
      return e.memberId ? `person ${e.personId.slice(0, 8)} identified as member ${e.memberId.slice(0, 8)} (${e.via})` : `person ${e.personId.slice(0, 8)} is unknown`;
    case 'rep':
      return `${e.exercise}: rep ${e.count} (range ${Math.round(e.rom * 100)}%)`;
    case 'set':
      return `${e.exercise}: set ${e.phase}${e.phase === 'ended' ? `, ${e.reps} reps` : ''}`;
    case 'form.cue':
      return `${e.exercise}: ${e.message}${e.measured ? ` (${e.measured.explanation})` : ''}`;
    case 'alert':
      return `ALERT ${e.message}`;
    case 'camera.health':
      return `camera ${e.health.cameraId} is ${e.health.state}${e.health.reason ? ` (${e.health.reason})` : ''}`;
    case 'coaching.message':
      return `coach → member ${e.memberId.slice(0, 8)}`;
    case 'person.seen':
      return `person ${e.personId.slice(0, 8)} on ${e.cameraId}`;
  }
}

export function EventFeed({ events }: { events: GymEvent[] }) {
  return (
    <aside className="feed" aria-label="live events">
      <h2>Live events</h2>
      {events.length === 0 && <p className="muted">Nothing yet. Reps, sets, identities and alerts appear here as they happen.</p>}
      <ol>
        {events.map((e, i) => (
          <li key={i} className={`ev ${e.type.replace('.', '-')}`}>
            <time>{new Date(e.at).toLocaleTimeString()}</time> {describe(e)}
          </li>
        ))}
      </ol>
    </aside>
  );
}
