import type { z } from 'zod';
import type { PerceptionFrameInput, WorkerStats } from './perception.ts';
import type { CameraHealth, GymEvent } from './events.ts';
import type {
  AckFn,
  CameraInfo,
  ConnectTransportRequest,
  ConsumeRequest,
  ConsumerOptions,
  CreateTransportRequest,
  PipeAnswer,
  PipeOffer,
  ResumeRequest,
  TransportOptions,
} from './signaling.ts';

/** Socket.io namespaces. */
export const NS = { worker: '/worker', live: '/live', signaling: '/signaling' } as const;

/** Worker page → server (`/worker`, auth: `{ token }` = a worker token). */
export interface WorkerToServerEvents {
  'perception:frame': (msg: PerceptionFrameInput, ack?: AckFn<{ accepted: number }>) => void;
  'worker:stats': (stats: z.input<typeof WorkerStats>) => void;
}
export interface ServerToWorkerEvents {
  'server:error': (err: { code: string; message: string }) => void;
}

/** Server → console / PWA (`/live`, auth: `{ token }` = a user's access token). */
export interface LiveServerToClientEvents {
  event: (e: GymEvent) => void;
}
export interface LiveClientToServerEvents {
  subscribe: (req: { cameras?: string[]; memberId?: string }, ack: AckFn<{ subscribed: string[] }>) => void;
}

/** Client → capture-node (`/signaling`, auth: `{ token }`). */
export interface SignalingClientToServerEvents {
  'cameras:list': (ack: AckFn<CameraInfo[]>) => void;
  'router:capabilities': (ack: AckFn<Record<string, unknown>>) => void;
  'transport:create': (req: z.input<typeof CreateTransportRequest>, ack: AckFn<z.infer<typeof TransportOptions>>) => void;
  'transport:connect': (req: z.input<typeof ConnectTransportRequest>, ack: AckFn<null>) => void;
  consume: (req: z.input<typeof ConsumeRequest>, ack: AckFn<z.infer<typeof ConsumerOptions>>) => void;
  'consumer:resume': (req: z.input<typeof ResumeRequest>, ack: AckFn<null>) => void;
  'pipe:create': (req: z.input<typeof PipeOffer>, ack: AckFn<z.infer<typeof PipeAnswer>>) => void;
}
export interface SignalingServerToClientEvents {
  'camera:health': (h: CameraHealth) => void;
  'producer:closed': (p: { cameraId: string }) => void;
}
