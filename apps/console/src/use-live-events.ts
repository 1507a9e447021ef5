import { useEffect, useMemo, useState } from 'react';
import { io } from 'socket.io-client';
import type { CameraHealth, GymEvent } from '@gym/shared';
import { session } from '../../shared/api.ts';

type PersonSeen = Extract<GymEvent, { type: 'person.seen' }>;

/** Subscribes to `/live`: keeps the last events, camera health and who is in view of each camera (boxes). */
export function useLiveEvents() {
  const [connected, setConnected] = useState(false);
  const [events, setEvents] = useState<GymEvent[]>([]);
  const [health, setHealth] = useState(new Map<string, CameraHealth>());
  const [seen, setSeen] = useState(new Map<string, PersonSeen>());
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const socket = io('/live', { auth: { token: session.token }, transports: ['websocket'] });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('event', (e: GymEvent) => {
      if (e.type === 'person.seen') {
        setSeen((m) => new Map(m).set(`${e.cameraId}/${e.personId}`, e));
        return; // too frequent for the feed
      }
      if (e.type === 'camera.health') setHealth((m) => new Map(m).set(e.health.cameraId, e.health));
      setEvents((list) => [e, ...list].slice(0, 200));
    });
    const tick = setInterval(() => setNow(Date.now()), 500);
    return () => {
      clearInterval(tick);
      socket.close();
    };
  }, []);

  const peopleOn = useMemo(
    () => (cameraId: string) => [...seen.values()].filter((p) => p.cameraId === cameraId && now - p.at < 2000),
    [seen, now],
  );
  return { connected, events, health, peopleOn };
}
