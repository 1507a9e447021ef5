/**
 * Canvas over a camera's <video>: for every decoded video frame (`requestVideoFrameCallback`) it draws the
 * analysed frame with the nearest capture time — the worker stamps frames with the same clock
 * (`performance.timeOrigin + captureTime`) — and measures the overlay-to-frame offset. With "hold video" on it
 * raises the receiver's `jitterBufferTarget` to the analysis lag, so the picture waits for its overlay.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useLive } from '../../hooks/use-live.tsx';
import { drawOverlay, type OverlayLayers, type PersonLabel } from './overlay-draw.ts';

export interface OverlayStats {
  /** Median |video frame time − overlay frame time| over the last ~2 s of frames, ms; null before any match. */
  offsetMs: number | null;
  /** Share of recent video frames that had an analysed frame within the match window. */
  matched: number;
  clock: 'capture' | 'display';
  holdMs: number;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1]! : null);

export function OverlayLayer({ video, cameraId, layers, receiver, hold, labelOf, onStats }: { video: RefObject<HTMLVideoElement | null>; cameraId: string; layers: OverlayLayers; receiver: RTCRtpReceiver | null; hold: boolean; labelOf: (personId: string) => PersonLabel; onStats: (s: OverlayStats) => void }) {
  const { frames } = useLive();
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = useRef({ layers, labelOf, onStats, hold });
  latest.current = { layers, labelOf, onStats, hold };
  const [, force] = useState(0);

  useEffect(() => {
    const v = video.current;
    if (!v || !('requestVideoFrameCallback' in v)) return;
    let handle = 0;
    let stopped = false;
    const offsets: number[] = [];
    const displayLags: number[] = [];
    let matches = 0;
    let total = 0;
    let clock: OverlayStats['clock'] = 'display';
    let holdMs = 0;
    let lastReport = 0;
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      if (stopped) return;
      const c = canvas.current;
      if (c) {
        if (c.width !== meta.width || c.height !== meta.height) {
          c.width = meta.width;
          c.height = meta.height;
        }
        clock = meta.captureTime !== undefined ? 'capture' : 'display';
        // Without a capture time both sides use their display time; ours is later by the hold we added.
        const frameTs = performance.timeOrigin + (meta.captureTime ?? meta.expectedDisplayTime - holdMs);
        displayLags.push(meta.captureTime !== undefined ? meta.expectedDisplayTime - meta.captureTime - holdMs : 0);
        const m = frames.nearest(cameraId, frameTs, 600);
        total++;
        if (m) {
          matches++;
          offsets.push(Math.abs(m.offsetMs));
        }
        c.dataset.frameTs = String(Math.round(frameTs));
        c.dataset.overlayTs = m ? String(m.frame.at) : '';
        c.dataset.people = String(m?.frame.people.length ?? 0);
        const g = c.getContext('2d');
        if (g) drawOverlay(g, c.width, c.height, m?.frame ?? null, latest.current.layers, latest.current.labelOf);
      }
      const wall = Date.now();
      if (wall - lastReport > 1000) {
        lastReport = wall;
        // Playout delay: wait for the analysis (its arrival lag minus what the picture lags without a hold), plus a margin.
        const arrival = frames.arrivalLagMs(cameraId);
        const base = median(displayLags);
        const want = latest.current.hold && arrival !== null && base !== null ? Math.min(3000, Math.max(0, arrival - base + 60)) : 0;
        if (receiver && 'jitterBufferTarget' in receiver && Math.abs(want - holdMs) > 30) {
          holdMs = Math.round(want);
          (receiver as RTCRtpReceiver & { jitterBufferTarget: number | null }).jitterBufferTarget = holdMs;
        }
        latest.current.onStats({ offsetMs: median(offsets), matched: total ? matches / total : 0, clock, holdMs });
        offsets.length = 0;
        displayLags.length = 0;
        matches = 0;
        total = 0;
      }
      handle = v.requestVideoFrameCallback(onFrame);
    };
    handle = v.requestVideoFrameCallback(onFrame);
    return () => {
      stopped = true;
      v.cancelVideoFrameCallback(handle);
    };
  }, [video, cameraId, frames, receiver]);

  useEffect(() => force((n) => n + 1), [layers]);
  return <canvas ref={canvas} className="overlay" aria-label="overlay of people in view" data-testid={`overlay-${cameraId}`} />;
}
