import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { session } from '../../shared/api.ts';

interface LiveState {
  connected: boolean;
  exercise: string | null;
  reps: number;
  lastRep: { rom: number; concentricMs: number; eccentricMs: number } | null;
  cues: { rule: string; message: string; severity: string }[];
  setsDone: { exercise: string; reps: number }[];
}

/** A cue's advice with what was measured ("knee angle 118° at the bottom; aim for under 115°"), when sent. */
function explained(message: unknown, measured: unknown): string {
  const m = measured as { explanation?: unknown } | undefined;
  return typeof m?.explanation === 'string' ? `${String(message)} (${m.explanation})` : String(message);
}

/** The current set as it happens: exercise, rep count, tempo, form cues (socket.io /live, scoped to this member). */
export function LiveView({ memberId }: { memberId: string }) {
  const [s, setS] = useState<LiveState>({ connected: false, exercise: null, reps: 0, lastRep: null, cues: [], setsDone: [] });

  useEffect(() => {
    const socket = io('/live', { auth: { token: session.token }, transports: ['websocket'] });
    socket.on('connect', () => setS((x) => ({ ...x, connected: true })));
    socket.on('disconnect', () => setS((x) => ({ ...x, connected: false })));
    socket.on('event', (e: { type: string; memberId?: string | null; [k: string]: unknown }) => {
      if (e.memberId !== memberId) return;
      setS((x) => {
        switch (e.type) {
          case 'set':
            return e.phase === 'started'
              ? { ...x, exercise: String(e.exercise), reps: 0, lastRep: null, cues: [] }
              : { ...x, setsDone: [{ exercise: String(e.exercise), reps: Number(e.reps) }, ...x.setsDone].slice(0, 10) };
          case 'rep':
            return { ...x, exercise: String(e.exercise), reps: Number(e.count), lastRep: { rom: Number(e.rom), concentricMs: Number(e.concentricMs), eccentricMs: Number(e.eccentricMs) } };
          case 'form.cue':
            return { ...x, cues: [{ rule: String(e.rule), message: explained(e.message, e.measured), severity: String(e.severity) }, ...x.cues].slice(0, 3) };
          default:
            return x;
        }
      });
    });
    return () => void socket.close();
  }, [memberId]);

  return (
    <section className="live" aria-label="current set">
      <p className={s.connected ? 'status ok' : 'status'}>{s.connected ? 'Live' : 'Connecting…'}</p>
      <h2>{s.exercise ? s.exercise.replace(/_/g, ' ') : 'Start an exercise in view of a camera'}</h2>
      <p className="rep-count" data-testid="rep-count">{s.reps}</p>
      <p className="muted">reps</p>
      {s.lastRep && (
        <p className="tempo">
          up {(s.lastRep.concentricMs / 1000).toFixed(1)} s · down {(s.lastRep.eccentricMs / 1000).toFixed(1)} s · range {Math.round(s.lastRep.rom * 100)}%
        </p>
      )}
      {s.cues.map((c, i) => (
        <p key={i} className={`cue ${c.severity}`}>{c.message}</p>
      ))}
      {s.setsDone.length > 0 && (
        <ul className="sets-done">
          {s.setsDone.map((d, i) => (
            <li key={i}>{d.exercise.replace(/_/g, ' ')} — {d.reps} reps</li>
          ))}
        </ul>
      )}
    </section>
  );
}
