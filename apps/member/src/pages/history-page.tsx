/** History: sessions (volume per exercise) with their sets and reps, and per-exercise progress charts. */
import { useEffect, useState } from 'react';
import type { SessionOut, SetOut } from '@gym/shared';
import { useProgress, useSessions, useSets } from '../hooks/use-member-data.ts';
import { exerciseName } from '../member-copy.ts';
import { ProgressChart } from '../components/progress-chart.tsx';
import { SetRow } from '../components/set-row.tsx';

function useWidth() {
  const [w, setW] = useState(() => Math.min(window.innerWidth, 640) - 40);
  useEffect(() => {
    const on = () => setW(Math.min(window.innerWidth, 640) - 40);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return w;
}

export function HistoryPage({ memberId }: { memberId: string }) {
  const sessions = useSessions();
  const sets = useSets();
  const progress = useProgress();
  const width = useWidth();
  const error = sessions.error ?? sets.error;
  if (!sessions.data || !sets.data) return error ? <p role="alert" className="error">{error.message}</p> : <p>Loading…</p>;
  if (!sets.data.length) return <p className="muted big">No sets yet. Your sets appear here after your first workout.</p>;
  const bySession = new Map<string | null, SetOut[]>();
  for (const s of sets.data) bySession.set(s.sessionId, [...(bySession.get(s.sessionId) ?? []), s]);
  const charts = (progress.data ?? []).filter((p) => p.points.length > 0);
  return (
    <section aria-label="history" className="history">
      {charts.length > 0 && (
        <>
          <h2>Progress</h2>
          {charts.map((p) => <ProgressChart key={p.exercise} series={p} width={width} />)}
        </>
      )}
      <h2>Sessions</h2>
      {sessions.data.map((s) => <SessionCard key={s.id} session={s} sets={bySession.get(s.id) ?? []} memberId={memberId} />)}
      {(bySession.get(null) ?? []).length > 0 && (
        <div className="card">
          <h3>Other sets</h3>
          <ul className="set-list">{bySession.get(null)!.map((s) => <SetRow key={s.id} set={s} memberId={memberId} />)}</ul>
        </div>
      )}
    </section>
  );
}

function SessionCard({ session, sets, memberId }: { session: SessionOut; sets: SetOut[]; memberId: string }) {
  const day = new Date(session.startedAt).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });
  return (
    <div className="card session" data-testid="session">
      <h3>{day}</h3>
      <p className="volume">
        <strong>{session.sets}</strong> {session.sets === 1 ? 'set' : 'sets'} · <strong>{session.reps}</strong> reps
        {session.timeUnderTensionS !== undefined && <> · <strong>{Math.round(session.timeUnderTensionS)}</strong> s under tension</>}
      </p>
      {session.perExercise && (
        <ul className="per-exercise">
          {session.perExercise.map((e) => (
            <li key={e.exercise}>{exerciseName(e.exercise)}: {e.sets} × · {e.reps} reps</li>
          ))}
        </ul>
      )}
      <ul className="set-list">{sets.map((s) => <SetRow key={s.id} set={s} memberId={memberId} />)}</ul>
    </div>
  );
}
