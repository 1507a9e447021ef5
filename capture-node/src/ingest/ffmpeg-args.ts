import type { CameraConfig } from '@gym/shared/config/gym-config.ts';
import { PAYLOAD_TYPE, type IngestCodec } from '../sfu/media-codecs.ts';

/** What ffprobe found in a camera's stream. */
export interface StreamProbe {
  codec: string;
  profile: string;
  level: number;
  width: number;
  height: number;
}

export interface IngestPlan {
  codec: IngestCodec;
  passthrough: boolean;
  /** H.264 profile-level-id declared to mediasoup. */
  profileLevelId: string;
}

/** H.264 profiles a browser decodes from WebRTC without B-frame trouble. */
const BASELINE = new Set(['constrained baseline', 'baseline']);

/**
 * Passthrough when the camera already sends H.264 (constrained) baseline and the camera allows it; otherwise a
 * short-GOP re-encode (H.264 baseline; VP8 when asked). Unknown stream (no probe) → re-encode.
 */
export function planIngest(transcode: CameraConfig['transcode'], probe: StreamProbe | null): IngestPlan {
  const isBaseline = probe?.codec === 'h264' && BASELINE.has(probe.profile.toLowerCase());
  if ((transcode === 'auto' || transcode === 'passthrough') && isBaseline) {
    const level = Math.max(10, Math.min(probe.level > 0 ? probe.level : 31, 52));
    return { codec: 'h264', passthrough: true, profileLevelId: `42e0${level.toString(16).padStart(2, '0')}` };
  }
  // Re-encode: H.264 baseline (x264 ultrafast costs a fraction of libvpx's CPU here) unless VP8 is asked for.
  if (transcode === 'vp8') return { codec: 'vp8', passthrough: false, profileLevelId: '42e01f' };
  return { codec: 'h264', passthrough: false, profileLevelId: '42e01f' };
}

export interface FfmpegArgsInput {
  rtspUrl: string;
  plan: IngestPlan;
  rtpPort: number;
  rtcpPort: number;
  ssrc: number;
  rtspTimeoutMs: number;
  /** Key frame interval of a re-encode, frames (short, so a new consumer gets a picture fast). */
  gop?: number;
  /** A second, scaled H.264 output for the perception workers (see `planAnalysis`). */
  analysis?: AnalysisOutput | null;
}

/** Where and how the analysis stream is written. */
export interface AnalysisOutput {
  rtpPort: number;
  rtcpPort: number;
  ssrc: number;
  width: number;
  fps?: number | undefined;
}

/**
 * The analysis stream's size, or null when the camera should have none: not configured, or the camera is not wider
 * than asked (an analysis stream would then cost an encode and save nothing). Height keeps the aspect, even.
 */
export function planAnalysis(cfg: CameraConfig['analysisStream'], probe: StreamProbe | null): { width: number; height: number; fps?: number } | null {
  if (!cfg || !probe || probe.width <= 0 || probe.height <= 0 || probe.width <= cfg.width) return null;
  const width = cfg.width - (cfg.width % 2);
  const height = Math.max(2, 2 * Math.round((probe.height * width) / probe.width / 2));
  return cfg.fps === undefined ? { width, height } : { width, height, fps: cfg.fps };
}

const rtpOut = (payloadType: number, ssrc: number, rtpPort: number, rtcpPort: number): string[] => [
  '-f', 'rtp', '-payload_type', String(payloadType), '-ssrc', String(ssrc),
  `rtp://127.0.0.1:${rtpPort}?rtcpport=${rtcpPort}&pkt_size=1200`,
];

/**
 * ffmpeg: RTSP over TCP with a socket timeout → RTP to mediasoup's PlainTransport. `-progress pipe:1` makes
 * ffmpeg write to its stdout every second, so it dies of SIGPIPE if capture-node dies without killing it.
 */
export function ffmpegArgs(i: FfmpegArgsInput): string[] {
  const input = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-rtsp_transport', 'tcp',
    '-timeout', String(i.rtspTimeoutMs * 1000),
    '-fflags', 'nobuffer', '-flags', 'low_delay',
    '-analyzeduration', '1000000', '-probesize', '1000000',
    // Arrival time as the frame time: the browser's jitter buffer then sees the network's jitter only, not the
    // camera's encoder timing (measured: lower glass-to-glass latency, fewer late frames).
    '-use_wallclock_as_timestamps', '1',
    '-i', i.rtspUrl,
    '-map', '0:v:0', '-an', '-sn', '-dn',
  ];
  const gop = String(i.gop ?? 15);
  let codec: string[];
  if (i.plan.passthrough) codec = ['-c:v', 'copy', '-bsf:v', 'dump_extra=freq=keyframe'];
  else if (i.plan.codec === 'h264')
    codec = [
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-level:v', '3.1',
      '-pix_fmt', 'yuv420p', '-g', gop, '-keyint_min', gop, '-b:v', '2M', '-maxrate', '2M', '-bufsize', '1M',
      '-bsf:v', 'dump_extra=freq=keyframe',
    ];
  else
    codec = [
      '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-lag-in-frames', '0', '-error-resilient', '1',
      '-pix_fmt', 'yuv420p', '-g', gop, '-keyint_min', gop, '-b:v', '1500k', '-threads', '2',
    ];
  const out = rtpOut(PAYLOAD_TYPE[i.plan.codec], i.ssrc, i.rtpPort, i.rtcpPort);
  const main = [...input, ...codec, '-progress', 'pipe:1', '-stats_period', '1', ...out];
  if (!i.analysis) return main;
  // Second output of the same process: the input is decoded once, scaled and encoded small (fast_bilinear: the
  // detector and pose models resize again anyway). Its key frames come often so a worker gets a picture fast.
  const a = i.analysis;
  const filters = [`scale=${a.width}:-2:flags=fast_bilinear`, ...(a.fps ? [`fps=${a.fps}`] : [])].join(',');
  const agop = String(Math.max(5, Math.round(a.fps ?? 15)));
  const analysis = [
    '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filters,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-level:v', '3.1',
    '-pix_fmt', 'yuv420p', '-g', agop, '-keyint_min', agop, '-b:v', '800k', '-maxrate', '800k', '-bufsize', '400k',
    '-bsf:v', 'dump_extra=freq=keyframe',
    ...rtpOut(PAYLOAD_TYPE.h264, a.ssrc, a.rtpPort, a.rtcpPort),
  ];
  return [...main, ...analysis];
}

export function ffprobeArgs(rtspUrl: string, rtspTimeoutMs: number): string[] {
  return [
    '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-timeout', String(rtspTimeoutMs * 1000),
    '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,profile,level,width,height', '-of', 'json', rtspUrl,
  ];
}

/** Removes URLs (which may carry camera credentials) from ffmpeg's messages before they become a health reason. */
export function scrubReason(text: string, rtspUrl: string): string {
  return text
    .split(rtspUrl)
    .join('<camera url>')
    .replace(/rtsps?:\/\/\S+/g, '<camera url>')
    .trim()
    .slice(0, 200);
}
