import type { types } from 'mediasoup';

/** The router's codecs: VP8 (transcoded cameras) and H.264 constrained baseline (passthrough or transcoded). */
export const ROUTER_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

export type IngestCodec = 'vp8' | 'h264';

/** Payload types ffmpeg stamps on its RTP; the producer declares the same. */
export const PAYLOAD_TYPE: Record<IngestCodec, number> = { vp8: 101, h264: 102 };

/** Producer RTP parameters for what ffmpeg sends (one SSRC, no RTX, RTCP sender reports from ffmpeg). */
export function producerRtpParameters(codec: IngestCodec, ssrc: number, profileLevelId = '42e01f'): types.RtpParameters {
  const common = { clockRate: 90000, payloadType: PAYLOAD_TYPE[codec], rtcpFeedback: [] };
  return {
    codecs: [
      codec === 'vp8'
        ? { mimeType: 'video/VP8', ...common, parameters: {} }
        : { mimeType: 'video/H264', ...common, parameters: { 'packetization-mode': 1, 'profile-level-id': profileLevelId, 'level-asymmetry-allowed': 1 } },
    ],
    encodings: [{ ssrc }],
    rtcp: { cname: `cam-${ssrc}`, reducedSize: true },
  };
}
