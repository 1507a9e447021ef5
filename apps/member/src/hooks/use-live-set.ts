/** The member's live set over socket.io `/live` (the server puts a member's socket in their own room only). */
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { GymEvent, NS, type LiveClientToServerEvents, type LiveServerToClientEvents } from '@gym/shared';
import { useQueryClient } from '@tanstack/react-query';
import { session } from '../../../shared/api.ts';
import { emptyLiveSet, foldLiveEvent, type LiveSet } from './live-set.ts';

export function useLiveSet(memberId: string): { live: LiveSet; connected: boolean } {
  const [live, setLive] = useState<LiveSet>(emptyLiveSet);
  const [connected, setConnected] = useState(false);
  const qc = useQueryClient();
  useEffect(() => {
    const socket: Socket<LiveServerToClientEvents, LiveClientToServerEvents> = io(NS.live, { auth: { token: session.token }, transports: ['websocket'] });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('event', (raw) => {
      const e = GymEvent.safeParse(raw);
      if (!e.success) return;
      setLive((s) => foldLiveEvent(s, e.data, memberId, Date.now()));
      // A finished set changes history and charts.
      if (e.data.type === 'set' && e.data.phase === 'ended') for (const k of ['sets', 'sessions', 'progress']) void qc.invalidateQueries({ queryKey: [k] });
    });
    return () => void socket.close();
  }, [memberId, qc]);
  return { live, connected };
}
