/**
 * Testing a camera before it is added (#16): what the RTSP URL sends (codec, size, frame rate) and one JPEG frame,
 * or a plain reason ("connection refused", "401 unauthorised", "timeout after 5 s"). The URL may carry
 * credentials: it never appears in an answer or a log line.
 */
import { execFile } from 'node:child_process';
import { probeLimits, type CameraProbeResult } from '@gym/shared';
import { scrubReason } from './ffmpeg-args.ts';

const rtspIn = (url: string, timeoutMs: number) => ['-rtsp_transport', 'tcp', '-timeout', String(timeoutMs * 1000), '-i', url];

export function probeArgs(url: string, timeoutMs: number): string[] {
  return ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-timeout', String(timeoutMs * 1000), '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,avg_frame_rate,r_frame_rate', '-of', 'json', url];
}

export function snapshotArgs(url: string, timeoutMs: number): string[] {
  return ['-hide_banner', '-loglevel', 'error', ...rtspIn(url, timeoutMs), '-an', '-frames:v', '1', '-vf', 'scale=min(1280\\,iw):-2', '-q:v', '4', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1'];
}

/**
 * Pure: ffmpeg's last words (or a kill, or a run as long as the timeout: ffmpeg then says only "Invalid data") →
 * what a person setting up a camera understands.
 */
export function explainFailure(stderr: string, url: string, timeoutMs: number, killed: boolean, elapsedMs = 0): string {
  const s = stderr.toLowerCase();
  const secs = `${Math.round(timeoutMs / 100) / 10} s`;
  // Status codes as whole numbers only: ffmpeg's lines carry the URL, whose port (34012) or a pointer may hold the digits.
  const status = (code: number) => new RegExp(`\\b${code}\\b`).test(s);
  if (status(401) || s.includes('unauthorized')) return '401 unauthorised: the camera refused the user name or password';
  if (status(403) || s.includes('forbidden')) return '403 forbidden: the camera refused this account';
  if (status(404) || (s.includes('not found') && s.includes('server returned'))) return '404 not found: the camera has no stream at this path';
  if (s.includes('connection refused')) return 'connection refused: nothing listens at this address and port';
  if (s.includes('no route to host') || s.includes('network is unreachable')) return 'no route to host: the address is not reachable from capture-node';
  if (s.includes('name or service not known') || s.includes('failed to resolve') || s.includes('temporary failure in name resolution')) return 'host not found: the name does not resolve';
  if (killed || elapsedMs >= timeoutMs * 0.9 || s.includes('timed out') || s.includes('timeout')) return `timeout after ${secs}: the camera did not answer`;
  const last = stderr.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
  return scrubReason(last, url) || 'the camera sent no video';
}

function run(bin: string, args: string[], timeoutMs: number, encoding: 'utf8' | 'buffer'): Promise<{ stdout: Buffer | string; stderr: string; err: (Error & { killed?: boolean }) | null; elapsedMs: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr: String(stderr), err: err as (Error & { killed?: boolean }) | null, elapsedMs: Date.now() - t0 });
    });
  });
}

function rate(r: unknown): number | null {
  const m = /^(\d+)\/(\d+)$/.exec(String(r ?? ''));
  if (!m || Number(m[2]) === 0) return null;
  const v = Number(m[1]) / Number(m[2]);
  return v > 0 && v < 1000 ? Math.round(v * 100) / 100 : null;
}

/** One JPEG frame of the stream; throws with an explained reason. */
export async function snapshotJpeg(url: string, timeoutMs: number): Promise<Buffer> {
  const r = await run('ffmpeg', snapshotArgs(url, timeoutMs), probeLimits(timeoutMs).snapshotMs, 'buffer');
  const jpeg = r.stdout as Buffer;
  if (r.err || jpeg.length < 100) throw new Error(explainFailure(r.stderr, url, timeoutMs, !!r.err?.killed, r.elapsedMs));
  return jpeg;
}

/** Probes the URL: the stream's codec, size and frame rate plus a snapshot, or why not. Never throws. */
export async function probeCamera(url: string, timeoutMs: number): Promise<CameraProbeResult> {
  const p = await run('ffprobe', probeArgs(url, timeoutMs), probeLimits(timeoutMs).ffprobeMs, 'utf8');
  if (p.err) return { ok: false, error: explainFailure(p.stderr, url, timeoutMs, !!p.err.killed, p.elapsedMs) };
  let s: Record<string, unknown> | undefined;
  try {
    s = (JSON.parse(String(p.stdout)) as { streams?: Record<string, unknown>[] }).streams?.[0];
  } catch {
    s = undefined;
  }
  if (!s) return { ok: false, error: 'the camera answered but sends no video stream' };
  let snapshot: string | null = null;
  try {
    snapshot = `data:image/jpeg;base64,${(await snapshotJpeg(url, timeoutMs)).toString('base64')}`;
  } catch {
    snapshot = null;
  }
  return { ok: true, codec: String(s['codec_name'] ?? ''), width: Number(s['width'] ?? 0), height: Number(s['height'] ?? 0), fps: rate(s['avg_frame_rate']) ?? rate(s['r_frame_rate']), snapshot };
}
