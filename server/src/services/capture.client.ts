/**
 * The server's calls to capture-node for camera administration: probe an RTSP URL (codec, size, fps, one JPEG)
 * and take a snapshot of a camera it ingests. Authenticated with the capture status token (CAPTURE_STATUS_TOKEN)
 * like the health poll; capture-node reaches the cameras, the server may not.
 */
import { CameraProbeResult, probeLimits } from '@gym/shared';
import { ApiError } from '../errors.ts';

export class CaptureClient {
  constructor(
    private readonly captureUrl: string | null,
    private readonly token: string | null,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
  }

  /** Never throws for a camera problem: the answer says what went wrong (the URL is never in it). */
  async probe(rtspUrl: string, timeoutMs: number): Promise<CameraProbeResult> {
    if (!this.captureUrl) return { ok: false, error: 'capture-node is not configured on the server (CAPTURE_URL)' };
    let res: Response;
    try {
      res = await fetch(new URL('/probe', this.captureUrl), {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json' }),
        body: JSON.stringify({ rtspUrl, timeoutMs }),
        // capture-node's worst case (its ffprobe and snapshot caps) plus the request itself: giving up earlier read a
        // slow but healthy probe on a loaded machine as 'capture-node is not reachable'.
        signal: AbortSignal.timeout(probeLimits(timeoutMs).totalMs + 5_000),
      });
    } catch {
      return { ok: false, error: 'capture-node is not reachable from the server' };
    }
    if (res.status === 401) return { ok: false, error: 'capture-node refused the server (CAPTURE_STATUS_TOKEN)' };
    const parsed = CameraProbeResult.safeParse(await res.json().catch(() => null));
    return parsed.success ? parsed.data : { ok: false, error: `capture-node answered ${res.status} without a probe result` };
  }

  /** One JPEG frame of a camera capture-node ingests. */
  async snapshot(cameraId: string): Promise<Buffer> {
    if (!this.captureUrl) throw new ApiError(502, 'CAPTURE_UNAVAILABLE', 'capture-node is not configured on the server (CAPTURE_URL)');
    let res: Response;
    try {
      res = await fetch(new URL(`/cameras/${encodeURIComponent(cameraId)}/snapshot`, this.captureUrl), { headers: this.headers(), signal: AbortSignal.timeout(15_000) });
    } catch {
      throw new ApiError(502, 'CAPTURE_UNAVAILABLE', 'capture-node is not reachable from the server');
    }
    if (res.status === 404) throw new ApiError(404, 'NOT_FOUND', 'capture-node does not ingest this camera (yet)');
    if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith('image/jpeg')) {
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      throw new ApiError(502, 'SNAPSHOT_FAILED', `no snapshot: ${body?.error ?? `capture-node answered ${res.status}`}`);
    }
    return Buffer.from(await res.arrayBuffer());
  }
}
