/**
 * `/live` namespace: the console and the member PWA receive GymEvents. Auth is the same access token as REST;
 * staff receive events of the cameras they may watch (audited), members only events about themselves.
 */
import type { Namespace, Server as SocketServer } from 'socket.io';
import { NS, type GymEvent, type LiveClientToServerEvents, type LiveServerToClientEvents } from '@gym/shared';
import type { AppContext } from '../context.ts';
import { canReadMember, canViewCamera, isStaff, type Principal } from '../auth/principal.ts';
import { GymError } from '@gym/shared/errors.ts';
import { LiveSubscribeRequest } from '@gym/shared/messages/live.ts';
import { watchSlowConsumers, type SlowConsumerOptions } from './slow-consumers.ts';

interface SocketData {
  principal: Principal;
}

const camRoom = (id: string) => `cam:${id}`;
const memberRoom = (id: string) => `member:${id}`;

export function attachLiveSocket(io: SocketServer, ctx: AppContext, opts: { clustered?: boolean; slowConsumers?: SlowConsumerOptions } = {}) {
  const ns = io.of(NS.live) as Namespace<LiveClientToServerEvents, LiveServerToClientEvents, Record<string, never>, SocketData>;
  const log = ctx.log.child({ module: 'live-socket' });

  ns.use((socket, next) => {
    ctx.guard
      .principal(socket.handshake.auth?.token as string | undefined)
      .then((p) => {
        socket.data.principal = p;
        next();
      })
      .catch((e: unknown) => next(Object.assign(new Error(e instanceof GymError ? e.message : 'unauthorized'), { data: { code: 'UNAUTHORIZED' } })));
  });

  const allCameras = () => ctx.gym.cameras.map((c) => c.id);

  ns.on('connection', async (socket) => {
    const p = socket.data.principal;
    if (isStaff(p)) {
      const cams = allCameras().filter((c) => canViewCamera(p, c));
      await socket.join(cams.map(camRoom));
      if (cams.length) await ctx.audit.record(p, 'camera.live', 'camera', null, { cameras: cams }).catch((err) => log.error({ err }, 'audit failed'));
    }
    if (p.memberId) await socket.join(memberRoom(p.memberId));

    socket.on('subscribe', async (req, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = LiveSubscribeRequest.safeParse(req ?? {});
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        return reply({ ok: false, error: { code: 'VALIDATION', message: `${i.path.join('.') || '(root)'}: ${i.message}`.slice(0, 300) } });
      }
      const q = parsed.data;
      try {
        const cams = q.cameras ?? [];
        const bad = cams.filter((c) => !canViewCamera(p, c));
        if (bad.length) return reply({ ok: false, error: { code: 'FORBIDDEN', message: `no permission for ${bad.join(', ')}` } });
        if (q.memberId && !canReadMember(p, q.memberId)) return reply({ ok: false, error: { code: 'FORBIDDEN', message: 'members see only their own data' } });
        for (const room of socket.rooms) if (room.startsWith('cam:') || room.startsWith('member:')) await socket.leave(room);
        const rooms = [...cams.map(camRoom), ...(q.memberId ? [memberRoom(q.memberId)] : []), ...(p.memberId ? [memberRoom(p.memberId)] : [])];
        await socket.join(rooms);
        if (cams.length) await ctx.audit.record(p, 'camera.live', 'camera', null, { cameras: cams });
        if (q.memberId && q.memberId !== p.memberId) await ctx.audit.record(p, 'member.read', 'member', q.memberId, { live: true });
        reply({ ok: true, data: { subscribed: [...new Set(rooms)] } });
      } catch (err) {
        log.error({ err }, 'subscribe failed');
        reply({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      }
    });
  });

  const camerasOfPerson = (personId: string): string[] => {
    const person = ctx.identity.people.get(personId);
    if (!person) return [];
    const live = person.tracklets.filter((t) => t.live);
    return [...new Set((live.length ? live : person.tracklets.slice(-1)).map((t) => t.span.cameraId))];
  };

  const route = (e: GymEvent): string[] => {
    switch (e.type) {
      case 'person.seen': {
        const m = ctx.identity.memberOf(e.personId);
        return [camRoom(e.cameraId), ...(m ? [memberRoom(m)] : [])];
      }
      case 'identity.resolved':
      case 'rep':
      case 'set':
      case 'session':
      case 'form.cue':
        return [...camerasOfPerson(e.personId).map(camRoom), ...(e.memberId ? [memberRoom(e.memberId)] : [])];
      case 'coaching.message':
      case 'coach.cue':
        return [memberRoom(e.memberId)];
      case 'alert':
        return e.cameraId ? [camRoom(e.cameraId)] : allCameras().map(camRoom);
      case 'camera.health':
        return [camRoom(e.health.cameraId)];
    }
  };

  // Only rooms somebody is in: most events (person.seen at the analysis rate of every camera) have no viewer, and
  // socket.io would encode each of them anyway. The in-memory adapter knows every room; with the Redis adapter
  // (several servers) other servers' viewers are not in the local rooms, so every routed event goes out.
  const watched = opts.clustered ? () => true : (room: string) => (ns.adapter.rooms.get(room)?.size ?? 0) > 0;
  const off = ctx.bus.on((e) => {
    const rooms = route(e).filter(watched);
    if (rooms.length) ns.to(rooms).emit('event', e);
  });
  const stopWatch = watchSlowConsumers(ns as unknown as Namespace, ctx.metrics.liveSlowClients, log, opts.slowConsumers);
  return {
    ns,
    close() {
      off();
      stopWatch();
    },
  };
}
