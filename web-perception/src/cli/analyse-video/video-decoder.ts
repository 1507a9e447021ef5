/**
 * Decodes a video file with ffmpeg (any container/codec Debian's ffmpeg reads: mp4, mov, avi, mkv, webm, …) into
 * RGBA frames at a chosen analysis rate, sampled by ffmpeg's `fps` filter on the file's own timestamps, so frame i
 * is at i / fps seconds of the file. Large videos are scaled down to `maxWidth`. Frames are produced one at a time
 * (pull): the decoder never runs ahead of the analysis by more than a pipe buffer.
 */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { VideoDecodeError } from './errors.ts';

const execFileP = promisify(execFile);

export interface VideoInfo {
  width: number;
  height: number;
  /** Average frame rate of the file. */
  fps: number;
  /** Seconds (0 when unknown). */
  duration: number;
  codec: string;
  /** Display rotation in degrees (phones), already applied by ffmpeg when decoding. */
  rotation: number;
}

export interface DecodedFrame {
  index: number;
  /** Milliseconds from the start of the file. */
  t: number;
  width: number;
  height: number;
  /** RGBA, width × height × 4 bytes. */
  data: Buffer;
}

function parseRate(r: string | undefined): number {
  if (!r) return 0;
  const [a, b] = r.split('/').map(Number);
  const v = b ? a! / b : a!;
  return Number.isFinite(v) && v > 0 ? v : 0;
}

export async function probeVideo(file: string, ffprobe = 'ffprobe'): Promise<VideoInfo> {
  let out: string;
  try {
    ({ stdout: out } = await execFileP(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-show_format', '-of', 'json', file], { maxBuffer: 4 << 20 }));
  } catch (e) {
    const msg = (e as { stderr?: string }).stderr?.trim().split('\n').pop() ?? (e as Error).message;
    throw new VideoDecodeError(file, msg);
  }
  const j = JSON.parse(out) as { streams?: Record<string, unknown>[]; format?: { duration?: string } };
  const s = j.streams?.[0];
  if (!s) throw new VideoDecodeError(file, 'no video stream');
  let rotation = 0;
  const tags = s.tags as Record<string, string> | undefined;
  if (tags?.rotate) rotation = Number(tags.rotate) || 0;
  for (const sd of (s.side_data_list as { rotation?: number }[] | undefined) ?? []) if (typeof sd.rotation === 'number') rotation = sd.rotation;
  let width = Number(s.width);
  let height = Number(s.height);
  if (Math.abs(rotation) % 180 === 90) [width, height] = [height, width];
  const fps = parseRate(s.avg_frame_rate as string) || parseRate(s.r_frame_rate as string);
  if (!(width > 0 && height > 0)) throw new VideoDecodeError(file, 'video stream has no size');
  return {
    width,
    height,
    fps: fps || 25,
    duration: Number(s.duration ?? j.format?.duration ?? 0) || 0,
    codec: String(s.codec_name ?? '?'),
    rotation,
  };
}

export interface DecodeOptions {
  /** Analysis rate; frames are sampled from the file's rate (never above it). */
  fps: number;
  maxWidth?: number;
  /** Stop after this many seconds of video. */
  maxSeconds?: number;
  ffmpeg?: string;
}

/** Output size for a source size: even numbers, width ≤ maxWidth. */
export function outputSize(w: number, h: number, maxWidth: number): { width: number; height: number } {
  const s = w > maxWidth ? maxWidth / w : 1;
  const even = (v: number) => Math.max(2, Math.round((v * s) / 2) * 2);
  return { width: even(w), height: even(h) };
}

export async function* decodeVideo(file: string, info: VideoInfo, opts: DecodeOptions): AsyncGenerator<DecodedFrame> {
  const fps = Math.min(opts.fps, info.fps);
  const { width, height } = outputSize(info.width, info.height, opts.maxWidth ?? 1280);
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', file, '-an', '-sn', '-dn'];
  if (opts.maxSeconds) args.push('-t', String(opts.maxSeconds));
  args.push('-vf', `fps=${fps},scale=${width}:${height}:flags=bilinear`, '-pix_fmt', 'rgba', '-f', 'rawvideo', 'pipe:1');
  const child = spawn(opts.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const exited = new Promise<number>((res) => child.on('close', (code) => res(code ?? 1)));
  const spawnError = new Promise<never>((_, rej) => child.on('error', (e) => rej(new VideoDecodeError(file, `cannot run ffmpeg: ${e.message}`))));
  spawnError.catch(() => undefined);
  const frameBytes = width * height * 4;
  let pending: Buffer[] = [];
  let have = 0;
  let index = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      have += chunk.length;
      while (have >= frameBytes) {
        const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, have);
        const data = Buffer.from(all.subarray(0, frameBytes)); // own copy: the rest stays pending
        const rest = all.subarray(frameBytes);
        pending = rest.length ? [rest] : [];
        have = rest.length;
        yield { index, t: (index * 1000) / fps, width, height, data };
        index++;
      }
    }
    const code = await Promise.race([exited, spawnError]);
    if (code !== 0) throw new VideoDecodeError(file, stderr.trim().split('\n').pop() || `ffmpeg exited with ${code}`);
    if (index === 0) throw new VideoDecodeError(file, 'no frames decoded');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
