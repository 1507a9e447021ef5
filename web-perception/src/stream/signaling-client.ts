import { io, type Socket } from 'socket.io-client';
import { NS, type Ack, type SignalingClientToServerEvents, type SignalingServerToClientEvents } from '@gym/shared';

export type SignalingSocket = Socket<SignalingServerToClientEvents, SignalingClientToServerEvents>;

/** An error ack from capture-node (`code` e.g. UNKNOWN_CAMERA, CAMERA_NOT_LIVE, BAD_REQUEST). */
export class SignalingRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignalingRequestError';
  }
}

/** Connects to capture-node's `/signaling` namespace with a token (`url` = capture-node's origin). */
export function connectSignaling(url: string, token: string): SignalingSocket {
  return io(new URL(NS.signaling, url).toString(), { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 2000 });
}

type Events = SignalingClientToServerEvents;
type LastArg<E extends keyof Events> = Parameters<Events[E]> extends [...unknown[], infer L] ? L : never;
type AckData<E extends keyof Events> = LastArg<E> extends (res: infer R) => void ? Extract<R, { ok: true }> extends { data: infer T } ? T : never : never;
type ReqArgs<E extends keyof Events> = Parameters<Events[E]> extends [...infer A, unknown] ? A : never;

/** Sends a request and resolves with its data, or rejects with a SignalingRequestError (or on timeout). */
export function request<E extends keyof Events>(socket: SignalingSocket, event: E, ...args: ReqArgs<E>): Promise<AckData<E>> {
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(10_000) as unknown as { emit: (e: string, ...a: unknown[]) => void };
    timed.emit(event, ...args, (err: Error | null, res: Ack<AckData<E>>) => {
      if (err) reject(new SignalingRequestError('TIMEOUT', `${event}: no answer`));
      else if (res.ok) resolve(res.data);
      else reject(new SignalingRequestError(res.error.code, res.error.message));
    });
  });
}
