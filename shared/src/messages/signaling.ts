import { z } from 'zod';
import { Id } from './primitives.ts';
import { CameraHealth } from './events.ts';

/**
 * WebRTC signaling between a client (worker page or console) and capture-node's mediasoup SFU.
 * mediasoup's own parameter objects (RTP capabilities, DTLS parameters, ...) are passed through as records and
 * validated by mediasoup itself; the envelope is validated here.
 */
const MediasoupParams = z.record(z.string(), z.unknown());

export const CameraInfo = z.object({ id: Id, name: z.string(), health: CameraHealth });
export type CameraInfo = z.infer<typeof CameraInfo>;

export const CreateTransportRequest = z.object({ direction: z.literal('recv') }).strict();
export const TransportOptions = z.object({
  id: z.string(),
  iceParameters: MediasoupParams,
  iceCandidates: z.array(MediasoupParams),
  dtlsParameters: MediasoupParams,
});
export const ConnectTransportRequest = z.object({ transportId: z.string().min(1), dtlsParameters: MediasoupParams }).strict();
/**
 * `main`: the camera at full resolution (the console). `analysis`: the camera's lower-resolution analysis stream when
 * it has one (the perception workers, as NVRs detect on a sub-stream); a camera without one answers with `main`.
 */
export const StreamKind = z.enum(['main', 'analysis']);
export type StreamKind = z.infer<typeof StreamKind>;
export const ConsumeRequest = z
  .object({ transportId: z.string().min(1), cameraId: Id, rtpCapabilities: MediasoupParams, stream: StreamKind.default('main') })
  .strict();
export const ConsumerOptions = z.object({
  id: z.string(),
  producerId: z.string(),
  cameraId: Id,
  kind: z.enum(['video', 'audio']),
  rtpParameters: MediasoupParams,
  /** The stream actually given (a camera without an analysis stream gives `main`). */
  stream: StreamKind.default('main'),
});
/**
 * Capture node → capture node: "pipe this camera to my PipeTransport at ip:port" (a peer token granting every
 * camera). The answer is the owner's end (ip, port) and what to produce there (producer id, rtp parameters).
 */
/** SRTP keys of one PipeTransport end (mediasoup `SrtpParameters`), exchanged over the authenticated signaling. */
export const PipeSrtp = z
  .object({
    cryptoSuite: z.enum(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']),
    keyBase64: z.string().min(16).max(200).regex(/^[A-Za-z0-9+/]+=*$/, 'base64'),
  })
  .strict();
export type PipeSrtp = z.infer<typeof PipeSrtp>;
export const PipeOffer = z
  .object({
    cameraId: Id,
    stream: StreamKind.default('main'),
    ip: z.union([z.ipv4(), z.ipv6()]),
    port: z.number().int().min(1).max(65535),
    /** The asking node's SRTP keys: the pipe is encrypted both ways (CAPTURE_PIPE_SRTP, on by default). */
    srtp: PipeSrtp.optional(),
  })
  .strict();
export type PipeOffer = z.input<typeof PipeOffer>;
export const PipeAnswer = z.object({
  ip: z.string(),
  port: z.number().int(),
  producerId: z.string(),
  kind: z.enum(['video', 'audio']),
  rtpParameters: MediasoupParams,
  stream: StreamKind,
  /** The owner's SRTP keys, present exactly when the offer had some. */
  srtp: PipeSrtp.optional(),
});
export const ResumeRequest = z.object({ consumerId: z.string().min(1) }).strict();

/** Every acknowledgement is either `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
export type AckFn<T> = (res: Ack<T>) => void;
