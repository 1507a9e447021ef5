/** Now: the current exercise, rep count, tempo and the coach's latest in-set cue or the engine's latest form finding (for a few seconds), live; or, when no camera knows you, the check-in code. A due health screening is asked for on top. */
import { useEffect, useState } from 'react';
import { useLiveSet } from '../hooks/use-live-set.ts';
import { exerciseHeading, isKnownNow, rangeLabel, shownCue } from '../hooks/live-set.ts';
import { ScreeningDueCard } from '../components/screening-due-card.tsx';
import { exerciseName } from '../member-copy.ts';
import { CheckinQr } from '../components/checkin-qr.tsx';

function useNow(everyMs: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function NowPage({ memberId }: { memberId: string }) {
  const { live, connected } = useLiveSet(memberId);
  const now = useNow(2000);
  const known = isKnownNow(live, now);
  const cue = shownCue(live, now);
  return (
    <section className="now" aria-label="now">
      <p className={connected ? 'status ok' : 'status'} data-testid="live-status">{connected ? '● Live' : 'Connecting…'}</p>
      {!known && (
        <div className="card unknown" data-testid="not-identified">
          <h2>We don’t know who you are yet</h2>
          <p>Check in: show this code at the check-in point and stand on the marked spot for a moment.</p>
          <CheckinQr />
        </div>
      )}
      <ScreeningDueCard />
      <h2 className="exercise" data-testid="exercise">{exerciseHeading(live.exercise, known, exerciseName)}</h2>
      <p className="rep-count" data-testid="rep-count" aria-label="reps">{live.reps}</p>
      <p className="muted big">reps</p>
      {live.lastRep && (
        <p className="tempo" data-testid="tempo">
          up {(live.lastRep.concentricMs / 1000).toFixed(1)} s · down {(live.lastRep.eccentricMs / 1000).toFixed(1)} s · {rangeLabel(live.lastRep.rom)}
        </p>
      )}
      {cue && <p className={`cue ${cue.severity}`} data-testid="cue" role="status">{cue.message}</p>}
      {live.setsDone.length > 0 && (
        <ul className="sets-done" aria-label="sets this visit">
          {live.setsDone.map((d, i) => (
            <li key={i}>{exerciseName(d.exercise)} — {d.reps} reps</li>
          ))}
        </ul>
      )}
    </section>
  );
}
