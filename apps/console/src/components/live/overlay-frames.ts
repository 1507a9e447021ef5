/**
 * The analysed frames of each camera as the server reports them (`person.seen` events, one per person and frame,
 * all of a frame sharing its capture time `at`), kept for a few seconds so that the overlay can draw, for each
 * decoded video frame, the analysis of THAT frame (nearest capture time), not the latest to arrive.
 */
import type { GymEvent } from '@gym/shared';

export type PersonSeen = Extract<GymEvent, { type: 'person.seen' }>;

export interface OverlayFrame {
  cameraId: string;
  /** Capture time of the analysed frame, ms since epoch (the worker's clock for the frame). */
  at: number;
  /** When this console received the frame's first person, ms since epoch. */
  receivedAt: number;
  people: PersonSeen[];
}

export interface FrameMatch {
  frame: OverlayFrame;
  /** Video frame time minus overlay frame time, ms (positive: the overlay is older than the picture). */
  offsetMs: number;
}

export class OverlayFrames {
  readonly #byCamera = new Map<string, OverlayFrame[]>();
  constructor(private readonly keepMs = 5000) {}

  push(e: PersonSeen, receivedAt = Date.now()): void {
    let list = this.#byCamera.get(e.cameraId);
    if (!list) this.#byCamera.set(e.cameraId, (list = []));
    // Frames arrive in capture order per camera; search from the end.
    let i = list.length - 1;
    while (i >= 0 && list[i]!.at > e.at) i--;
    const same = i >= 0 && list[i]!.at === e.at ? list[i]! : null;
    if (same) {
      const k = same.people.findIndex((p) => p.personId === e.personId);
      if (k >= 0) same.people[k] = e;
      else same.people.push(e);
    } else list.splice(i + 1, 0, { cameraId: e.cameraId, at: e.at, receivedAt, people: [e] });
    const horizon = (list.at(-1)?.at ?? e.at) - this.keepMs;
    while (list.length && list[0]!.at < horizon) list.shift();
  }

  /** The analysed frame whose capture time is nearest `frameTs`, within `maxMs`; null when none is. */
  nearest(cameraId: string, frameTs: number, maxMs = 1000): FrameMatch | null {
    const list = this.#byCamera.get(cameraId);
    if (!list?.length) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.at < frameTs) lo = mid + 1;
      else hi = mid;
    }
    let best = list[lo]!;
    if (lo > 0 && Math.abs(list[lo - 1]!.at - frameTs) <= Math.abs(best.at - frameTs)) best = list[lo - 1]!;
    const offsetMs = frameTs - best.at;
    return Math.abs(offsetMs) <= maxMs ? { frame: best, offsetMs } : null;
  }

  /** The newest analysed frame of a camera (for lists and counts). */
  latest(cameraId: string): OverlayFrame | null {
    return this.#byCamera.get(cameraId)?.at(-1) ?? null;
  }

  /** Median of (arrival − capture) over the kept frames: how long analysis takes to reach this console. */
  arrivalLagMs(cameraId: string): number | null {
    const lags = (this.#byCamera.get(cameraId) ?? []).map((f) => f.receivedAt - f.at).sort((a, b) => a - b);
    return lags.length ? lags[lags.length >> 1]! : null;
  }
}
