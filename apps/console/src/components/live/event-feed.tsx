/** The live event feed: reps, sets, identities, form cues, alerts and camera health, newest first. */
import type { GymEvent } from '@gym/shared';

const short = (id: string) => `#${id.slice(0, 6)}`;

function describe(e: GymEvent): string {
  switch (e.type) {
    case 'identity.resolved':
      return e.memberId ? `${short(e.personId)} identified as member ${e.memberId.slice(0, 8)} (${e.via})` : `${short(e.personId)} is unknown`;
    case 'rep':
      return `${short(e.personId)} ${e.exercise}: rep ${e.count} (range ${Math.round(e.rom * 100)}%)`;
    case 'set':
      return `${short(e.personId)} ${e.exercise}: set ${e.phase}${e.phase === 'ended' ? `, ${e.reps} reps` : ''}`;
    case 'session':
      return `${short(e.personId)} session ended`;
    case 'form.cue':
      return `${short(e.personId)} ${e.exercise}: ${e.message}${e.measured ? ` (${e.measured.explanation})` : ''}`;
    case 'alert':
      return `ALERT ${e.message}`;
    case 'camera.health':
      return `camera ${e.health.cameraId} is ${e.health.state}${e.health.reason ? ` (${e.health.reason})` : ''}`;
    case 'coaching.message':
      return `coach → member ${e.memberId.slice(0, 8)}`;
    case 'coach.cue':
      return `cue → member ${e.memberId.slice(0, 8)}: ${e.text}`;
    case 'person.seen':
      return `${short(e.personId)} on ${e.cameraId}`;
  }
}

export function EventFeed({ events }: { events: GymEvent[] }) {
  return (
    <section className="feed" aria-label="live events">
      <h2>Live events</h2>
      {events.length === 0 && <p className="muted">Nothing yet. Reps, sets, identities and alerts appear here as they happen.</p>}
      <ol>
        {events.slice(0, 60).map((e, i) => (
          <li key={`${e.at}-${i}`} className={`ev ${e.type.replace('.', '-')}`}>
            <time>{new Date(e.at).toLocaleTimeString()}</time> {describe(e)}
          </li>
        ))}
      </ol>
    </section>
  );
}
