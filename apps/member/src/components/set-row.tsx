/** One set in History: exercise, reps, tempo, each rep, and its clip when one was kept. */
import { useEffect, useState } from 'react';
import type { SetOut } from '@gym/shared';
import { memberApi } from '../../../shared/api-client.ts';
import { exerciseName } from '../member-copy.ts';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function SetRow({ set, memberId }: { set: SetOut; memberId: string }) {
  const [open, setOpen] = useState(false);
  const tut = set.repList.reduce((a, r) => a + r.concentricMs + r.eccentricMs, 0) / 1000;
  return (
    <li className="set-row" data-testid="set-row">
      <button className="row-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span>{exerciseName(set.exercise)}</span>
        <strong>{set.reps} reps</strong>
        <span className="muted">{time(set.startedAt)}</span>
      </button>
      {open && (
        <div className="set-detail">
          <p className="muted">{tut.toFixed(0)} s under tension</p>
          <ol className="reps">
            {set.repList.map((r) => (
              <li key={r.count}>
                rep {r.count}: up {(r.concentricMs / 1000).toFixed(1)} s, down {(r.eccentricMs / 1000).toFixed(1)} s, range {Math.round(r.rom * 100)}%
              </li>
            ))}
          </ol>
          {set.clipAvailable && <ClipPlayer memberId={memberId} setId={set.id} />}
        </div>
      )}
      {!open && set.clipAvailable && <span className="badge">clip</span>}
    </li>
  );
}

/** The clip route needs the bearer token, so the clip is fetched as a Blob and played from an object URL. */
function ClipPlayer({ memberId, setId }: { memberId: string; setId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  if (url) return <video src={url} controls playsInline className="clip" aria-label="set clip" />;
  return (
    <>
      <button
        className="secondary"
        onClick={() => memberApi.clipBlob(memberId, setId).then((b) => setUrl(URL.createObjectURL(b)), (e: Error) => setError(e.message))}
      >
        ▶ Watch clip
      </button>
      {error && <p role="alert" className="error">{error}</p>}
    </>
  );
}
