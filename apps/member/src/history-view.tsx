import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';

interface SetRow {
  id: string;
  exercise: string;
  startedAt: string;
  endedAt: string | null;
  reps: number;
}

/** Past sets, newest first, grouped by day. */
export function HistoryView({ memberId }: { memberId: string }) {
  const [sets, setSets] = useState<SetRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<SetRow[]>(`/api/members/${memberId}/sets?limit=100`).then(setSets, (e: Error) => setError(e.message));
  }, [memberId]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!sets) return <p>Loading…</p>;
  if (!sets.length) return <p className="muted">No sets yet. Your sets appear here after your first workout.</p>;
  const days = new Map<string, SetRow[]>();
  for (const s of sets) {
    const d = new Date(s.startedAt).toLocaleDateString();
    days.set(d, [...(days.get(d) ?? []), s]);
  }
  return (
    <section aria-label="history">
      {[...days].map(([day, rows]) => (
        <div key={day}>
          <h3>{day}</h3>
          <ul className="history">
            {rows.map((s) => (
              <li key={s.id}>
                <span>{s.exercise.replace(/_/g, ' ')}</span>
                <span>{s.reps} reps</span>
                <span className="muted">{new Date(s.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
