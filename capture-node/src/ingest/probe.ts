import { execFile } from 'node:child_process';
import { probeLimits } from '@gym/shared';
import { IngestError } from '../errors.ts';
import { ffprobeArgs, scrubReason, type StreamProbe } from './ffmpeg-args.ts';

/** Asks the camera what it sends (ffprobe over RTSP/TCP), within the timeout. */
export function probeStream(rtspUrl: string, rtspTimeoutMs: number, signal?: AbortSignal): Promise<StreamProbe> {
  return new Promise((resolve, reject) => {
    execFile(
      'ffprobe',
      ffprobeArgs(rtspUrl, rtspTimeoutMs),
      // A silent camera is caught by ffprobe's -timeout; this cap (the camera test's, see probeLimits) only stops a
      // trickling one. `timeout + 3 s` killed healthy probes on a loaded machine ('probe failed: no answer').
      { timeout: probeLimits(rtspTimeoutMs).ffprobeMs, killSignal: 'SIGKILL', ...(signal ? { signal } : {}) },
      (err, stdout, stderr) => {
        if (err) {
          const why = scrubReason(String(stderr).split('\n').filter(Boolean).pop() ?? '', rtspUrl) || (err.killed ? 'no answer' : err.message);
          reject(new IngestError(`probe failed: ${scrubReason(why, rtspUrl)}`, { cause: err }));
          return;
        }
        try {
          const s = (JSON.parse(stdout) as { streams?: Record<string, unknown>[] }).streams?.[0];
          if (!s) throw new Error('no video stream');
          resolve({
            codec: String(s['codec_name'] ?? ''),
            profile: String(s['profile'] ?? ''),
            level: Number(s['level'] ?? 0),
            width: Number(s['width'] ?? 0),
            height: Number(s['height'] ?? 0),
          });
        } catch (e) {
          reject(new IngestError(`probe failed: ${(e as Error).message}`));
        }
      },
    );
  });
}
