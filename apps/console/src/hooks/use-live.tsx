/**
 * The console's one live subscription (`/live` socket.io namespace): camera health, the analysed frames for the
 * overlays (kept outside React state: the overlay reads them at video frame rate), what each person is doing
 * (identity, exercise, reps, last form warning) and the event feed. Alerts invalidate the alerts query so that
 * the alerts page and the nav badge update at once.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
import { useQueryClient } from '@tanstack/react-query';
import type { CameraHealth, GymEvent } from '@gym/shared';
import { session } from '../../../shared/api.ts';
import { OverlayFrames } from '../components/live/overlay-frames.ts';

export interface PersonActivity {
  memberId: string | null;
  exercise: string | null;
  reps: number | null;
  warning: { message: string; severity: 'info' | 'warn' | 'bad'; at: number } | null;
}

export interface LiveState {
  connected: boolean;
  events: GymEvent[];
  health: Map<string, CameraHealth>;
  frames: OverlayFrames;
  activity: Map<string, PersonActivity>;
  /** Bumps twice a second while frames arrive: lists that show "who is in view" re-render on it. */
  tick: number;
}

const LiveContext = createContext<LiveState | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const frames = useRef(new OverlayFrames()).current;
  const activity = useRef(new Map<string, PersonActivity>()).current;
  const [connected, setConnected] = useState(false);
  const [events, setEvents] = useState<GymEvent[]>([]);
  const [health, setHealth] = useState(new Map<string, CameraHealth>());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const socket = io('/live', { auth: { token: session.token }, transports: ['websocket'] });
    const act = (personId: string) => {
      let a = activity.get(personId);
      if (!a) activity.set(personId, (a = { memberId: null, exercise: null, reps: null, warning: null }));
      return a;
    };
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('event', (e: GymEvent) => {
      switch (e.type) {
        case 'person.seen':
          frames.push(e);
          return; // too frequent for the feed
        case 'identity.resolved':
          act(e.personId).memberId = e.memberId;
          break;
        case 'rep':
          Object.assign(act(e.personId), { exercise: e.exercise, reps: e.count });
          break;
        case 'set':
          Object.assign(act(e.personId), e.phase === 'started' ? { exercise: e.exercise, reps: 0 } : { reps: e.reps });
          break;
        case 'form.cue':
          act(e.personId).warning = { message: e.message, severity: e.severity, at: e.at };
          break;
        case 'camera.health':
          setHealth((m) => new Map(m).set(e.health.cameraId, e.health));
          break;
        case 'alert':
          void qc.invalidateQueries({ queryKey: ['alerts'] });
          break;
      }
      setEvents((list) => [e, ...list].slice(0, 200));
    });
    const t = setInterval(() => setTick((n) => n + 1), 500);
    return () => {
      clearInterval(t);
      socket.close();
    };
  }, [frames, activity, qc]);

  const value = useMemo(() => ({ connected, events, health, frames, activity, tick }), [connected, events, health, frames, activity, tick]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const v = useContext(LiveContext);
  if (!v) throw new Error('useLive outside LiveProvider');
  return v;
}
