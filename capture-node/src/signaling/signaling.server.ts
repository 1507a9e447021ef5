import type { Server, Socket } from 'socket.io';
import type { types } from 'mediasoup';
import type { z } from 'zod';
import {
  ConnectTransportRequest,
  ConsumeRequest,
  CreateTransportRequest,
  NS,
  PipeOffer,
  ResumeRequest,
  issuesOf,
  type Ack,
  type SignalingClientToServerEvents,
  type SignalingServerToClientEvents,
} from '@gym/shared';
import type { Logger } from '@gym/shared/logger.ts';
import type { TokenGrant } from '../config.ts';
import { SignalingError } from '../errors.ts';
import type { CameraRegistry } from '../ingest/camera-registry.ts';
import type { Sfu } from '../sfu/sfu.ts';
import { allows, type TokenStore } from './tokens.ts';

export interface SignalingOptions {
  io: Server;
  sfu: Sfu;
  cameras: CameraRegistry;
  tokens: TokenStore;
  announcedIp: string;
  rtcListenIp: string;
  /** Where this node's pipe transports to other capture nodes listen (and what they announce). */
  pipeIp: string;
  /** Refuse plain (unencrypted) pipes: a pipe:create must carry SRTP keys (CAPTURE_PIPE_SRTP). Default on. */
  pipeSrtp?: boolean;
  logger: Logger;
}

interface SocketData {
  grant: TokenGrant;
}
type SignalingSocket = Socket<SignalingClientToServerEvents, SignalingServerToClientEvents, Record<string, never>, SocketData>;

/** A client may hold this many transports at once (one per camera it watches is the norm). */
const MAX_TRANSPORTS = 32;

const fail = (code: string, message: string): SignalingError => new SignalingError(code, message);

/**
 * The `/signaling` namespace: token auth at connect, then list cameras, create a receive transport, connect it,
 * consume a camera, resume. Every request is validated; a bad one gets `{ ok: false, error }` and changes nothing.
 */
export function attachSignaling(o: SignalingOptions): void {
  const log = o.logger.child({ module: 'signaling' });
  const nsp = o.io.of(NS.signaling);

  nsp.use((socket, next) => {
    // Configured and worker tokens, or a server camera-view JWT; expired and forged ones get the same error.
    void o.tokens.verify((socket.handshake.auth as Record<string, unknown> | undefined)?.['token']).then((grant) => {
      if (!grant) {
        const err = new Error('unauthorized: missing or unknown signaling token') as Error & { data?: unknown };
        err.data = { code: 'UNAUTHORIZED' };
        return next(err);
      }
      (socket.data as SocketData).grant = grant;
      next();
    }, next);
  });

  o.cameras.on('health', (h) => nsp.to(`cam:${h.cameraId}`).emit('camera:health', h));

  nsp.on('connection', (raw) => {
    const socket = raw as unknown as SignalingSocket;
    const grant = socket.data.grant;
    const transports = new Map<string, types.WebRtcTransport>();
    const consumers = new Map<string, types.Consumer>();
    for (const id of o.cameras.ids()) if (allows(grant, id)) void socket.join(`cam:${id}`);

    /** Runs a request handler: validates the ack and the payload, turns every failure into an error ack. */
    function handle<S extends z.ZodType, R>(event: string, schema: S | null, fn: (req: z.output<S>) => Promise<R> | R) {
      return async (...args: unknown[]): Promise<void> => {
        const ack = args[args.length - 1];
        if (typeof ack !== 'function') {
          log.debug({ event }, 'request without acknowledgement ignored');
          return;
        }
        const reply = ack as (r: Ack<R>) => void;
        try {
          let req: z.output<S> = undefined as z.output<S>;
          if (schema) {
            const r = schema.safeParse(args.length > 1 ? args[0] : undefined);
            if (!r.success) {
              const i = issuesOf(r.error)[0]!;
              throw fail('BAD_REQUEST', `${event}: ${i.field}: ${i.message}`);
            }
            req = r.data;
          }
          reply({ ok: true, data: await fn(req) });
        } catch (e) {
          const err = e instanceof SignalingError ? e : fail('FAILED', `${event}: ${(e as Error).message}`);
          if (!(e instanceof SignalingError)) log.warn({ event, err: (e as Error).message }, 'signaling request failed');
          reply({ ok: false, error: { code: err.code, message: err.message } });
        }
      };
    }

    // This connection's transports live on one router; cameras ingested on another are piped to it.
    const slot = o.sfu.nextConsumerSlot();
    function router(): types.Router {
      const r = o.sfu.routerAt(slot);
      if (!r || r.closed) throw fail('SFU_UNAVAILABLE', 'the SFU is restarting; retry shortly');
      return r;
    }
    function ownTransport(id: string): types.WebRtcTransport {
      const t = transports.get(id);
      if (!t || t.closed) throw fail('UNKNOWN_TRANSPORT', `no transport ${id} on this connection`);
      return t;
    }

    socket.on('cameras:list', handle('cameras:list', null, () => o.cameras.list((id) => allows(grant, id))));

    socket.on('router:capabilities', handle('router:capabilities', null, () => router().rtpCapabilities as unknown as Record<string, unknown>));

    socket.on(
      'transport:create',
      handle('transport:create', CreateTransportRequest, async () => {
        if (transports.size >= MAX_TRANSPORTS) throw fail('LIMIT', `at most ${MAX_TRANSPORTS} transports per connection`);
        const t = await router().createWebRtcTransport({
          listenInfos: [
            { protocol: 'udp', ip: o.rtcListenIp, announcedAddress: o.announcedIp },
            { protocol: 'tcp', ip: o.rtcListenIp, announcedAddress: o.announcedIp },
          ],
          enableUdp: true,
          enableTcp: true,
          preferUdp: true,
          appData: { routerId: router().id },
        });
        transports.set(t.id, t);
        t.observer.once('close', () => transports.delete(t.id));
        return {
          id: t.id,
          iceParameters: t.iceParameters as unknown as Record<string, unknown>,
          iceCandidates: t.iceCandidates as unknown as Record<string, unknown>[],
          dtlsParameters: t.dtlsParameters as unknown as Record<string, unknown>,
        };
      }),
    );

    socket.on(
      'transport:connect',
      handle('transport:connect', ConnectTransportRequest, async (req) => {
        const t = ownTransport(req.transportId);
        try {
          await t.connect({ dtlsParameters: req.dtlsParameters as unknown as types.DtlsParameters });
        } catch (e) {
          throw fail('BAD_REQUEST', `transport:connect: ${(e as Error).message}`);
        }
        return null;
      }),
    );

    socket.on(
      'consume',
      handle('consume', ConsumeRequest, async (req) => {
        if (!o.cameras.has(req.cameraId) || !allows(grant, req.cameraId))
          throw fail('UNKNOWN_CAMERA', `no camera "${req.cameraId}" for this token`);
        const picked = await o.cameras.resolve(req.cameraId, req.stream, router());
        const producer = picked?.producer;
        if (!picked || !producer) throw fail('CAMERA_NOT_LIVE', `camera "${req.cameraId}" has no stream right now (${o.cameras.get(req.cameraId)?.health.state})`);
        const t = ownTransport(req.transportId);
        const here = router();
        if (t.appData['routerId'] !== here.id) throw fail('UNKNOWN_TRANSPORT', `transport ${req.transportId} belongs to a restarted SFU worker; create a new one`);
        try {
          await o.sfu.pipe(producer, picked.router, here);
        } catch (e) {
          throw fail('CAMERA_NOT_LIVE', `camera "${req.cameraId}" could not be reached on this SFU worker (${(e as Error).message})`);
        }
        const caps = req.rtpCapabilities as unknown as types.RtpCapabilities;
        let canConsume = false;
        try {
          canConsume = here.canConsume({ producerId: producer.id, rtpCapabilities: caps });
        } catch (e) {
          throw fail('BAD_REQUEST', `consume: invalid rtpCapabilities: ${(e as Error).message}`);
        }
        if (!canConsume) throw fail('CANNOT_CONSUME', `this client cannot decode camera "${req.cameraId}" (${producer.rtpParameters.codecs[0]?.mimeType})`);
        const consumer = await t.consume({ producerId: producer.id, rtpCapabilities: caps, paused: true });
        consumers.set(consumer.id, consumer);
        const gone = (): void => {
          if (consumers.delete(consumer.id)) socket.emit('producer:closed', { cameraId: req.cameraId });
        };
        consumer.on('producerclose', gone);
        consumer.on('transportclose', gone);
        return {
          id: consumer.id,
          producerId: producer.id,
          cameraId: req.cameraId,
          kind: consumer.kind,
          rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>,
          stream: picked.stream,
        };
      }),
    );

    socket.on(
      'consumer:resume',
      handle('consumer:resume', ResumeRequest, async (req) => {
        const c = consumers.get(req.consumerId);
        if (!c || c.closed) throw fail('UNKNOWN_CONSUMER', `no consumer ${req.consumerId} on this connection`);
        await c.resume();
        await c.requestKeyFrame().catch(() => undefined);
        return null;
      }),
    );

    // Another capture node asks for a camera ingested here (peer token: every camera).
    const pipes = new Set<types.PipeTransport>();
    socket.on(
      'pipe:create',
      handle('pipe:create', PipeOffer, async (req) => {
        if (grant.cameras !== '*') throw fail('FORBIDDEN', 'pipe:create needs a peer token that grants every camera');
        if (pipes.size >= MAX_TRANSPORTS) throw fail('LIMIT', `at most ${MAX_TRANSPORTS} pipes per connection`);
        const picked = o.cameras.producer(req.cameraId, req.stream);
        if (!picked) throw fail('CAMERA_NOT_LIVE', `camera "${req.cameraId}" is not live on this node`);
        if (!req.srtp && (o.pipeSrtp ?? true)) throw fail('SRTP_REQUIRED', 'this node pipes its cameras only with SRTP (CAPTURE_PIPE_SRTP): the offer has no srtp keys');
        // SRTP: this end uses the asker's crypto suite; each end sends with its own key, told to the other here.
        const pt = await picked.router.createPipeTransport({
          listenInfo: { protocol: 'udp', ip: o.pipeIp },
          ...(req.srtp ? { enableSrtp: true, srtpCryptoSuite: req.srtp.cryptoSuite } : {}),
        });
        pipes.add(pt);
        pt.observer.once('close', () => pipes.delete(pt));
        try {
          await pt.connect({ ip: req.ip, port: req.port, ...(req.srtp ? { srtpParameters: req.srtp } : {}) });
          const consumer = await pt.consume({ producerId: picked.producer.id });
          consumer.on('producerclose', () => pt.close());
          const srtp = pt.srtpParameters;
          return {
            ip: o.pipeIp, port: pt.tuple.localPort, producerId: picked.producer.id, kind: consumer.kind,
            rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>, stream: picked.stream,
            ...(srtp ? { srtp: { cryptoSuite: srtp.cryptoSuite, keyBase64: srtp.keyBase64 } } : {}),
          };
        } catch (e) {
          pt.close();
          throw fail('BAD_REQUEST', `pipe:create: ${(e as Error).message}`);
        }
      }),
    );

    socket.on('disconnect', () => {
      for (const p of pipes) p.close();
      for (const t of transports.values()) t.close();
      transports.clear();
      consumers.clear();
    });
  });
}
