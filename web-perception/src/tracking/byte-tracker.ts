/**
 * ByteTrack-style multi-object tracker (Zhang et al. 2022, "ByteTrack: Multi-Object Tracking by Associating Every
 * Detection Box"), written from the paper's algorithm:
 *  1. predict every track with its Kalman filter;
 *  2. match high-score detections to tracked + lost tracks by IoU (Hungarian, cost 1 − IoU);
 *  3. match low-score detections to the tracks still unmatched (they are often the occluded people);
 *  4. match what is left of the high-score detections to unconfirmed (newborn) tracks;
 *  5. start tentative tracks from unmatched confident detections; confirm after `minHits` consecutive hits;
 *  6. drop lost tracks after `maxLostMs` without a match.
 * Time is the frame timestamp, so dropped frames simply make a longer prediction step. Pure TS, no DOM.
 */
import { linearAssignment, greedyAssignment, type Assignment } from './assignment.ts';
import { iouMatrix, iou, type BoxXYWH } from './box.ts';
import { KalmanBoxFilter } from './kalman-box-filter.ts';

export interface Detection {
  box: BoxXYWH;
  /** Detector confidence 0..1. */
  score: number;
}

export type TrackState = 'tentative' | 'tracked' | 'lost';

export interface TrackOutput {
  /** Stable per-tracker id, from 1. */
  id: number;
  /** Kalman-corrected box for matched tracks, predicted box otherwise. */
  box: BoxXYWH;
  /** Score of the detection matched this frame (last matched score when not matched). */
  score: number;
  state: TrackState;
  /** Index in this frame's detections, or −1 when the track was not matched this frame. */
  detectionIndex: number;
  /** Consecutive frames matched. */
  hits: number;
  /** Timestamp of the first detection, ms. */
  startTs: number;
}

export interface ByteTrackerOptions {
  /** Detections at or above this score take part in the first association. */
  highScore: number;
  /** Detections between lowScore and highScore take part only in the second association. */
  lowScore: number;
  /** An unmatched detection starts a new track only at or above this score. */
  newTrackScore: number;
  /** Minimum IoU for the first (high-score) association. */
  matchIou: number;
  /** Minimum IoU for the second (low-score) association: stricter, the boxes are doubtful. */
  lowMatchIou: number;
  /** Minimum IoU to match a tentative track. */
  tentativeMatchIou: number;
  /** Consecutive hits before a tentative track is confirmed (reported as `tracked`). */
  minHits: number;
  /** A lost track is forgotten after this long without a match (ms). */
  maxLostMs: number;
  /** Nominal frame interval (ms) that defines one Kalman step. */
  frameIntervalMs: number;
  /** Multiply IoU by the detection score in the first association (helps with many false positives). */
  fuseScore: boolean;
  matcher: 'hungarian' | 'greedy';
}

export const DEFAULT_TRACKER_OPTIONS: ByteTrackerOptions = {
  highScore: 0.5,
  lowScore: 0.1,
  newTrackScore: 0.6,
  matchIou: 0.2,
  lowMatchIou: 0.5,
  tentativeMatchIou: 0.3,
  minHits: 2,
  maxLostMs: 2000,
  frameIntervalMs: 100,
  fuseScore: false,
  matcher: 'hungarian',
};

class Track {
  readonly kf: KalmanBoxFilter;
  state: TrackState = 'tentative';
  hits = 1;
  lastSeenTs: number;
  score: number;
  detectionIndex: number;
  lastDetection: Detection;
  id = 0;

  constructor(
    det: Detection,
    index: number,
    readonly startTs: number,
  ) {
    this.kf = new KalmanBoxFilter(det.box);
    this.lastSeenTs = startTs;
    this.score = det.score;
    this.detectionIndex = index;
    this.lastDetection = det;
  }

  match(det: Detection, index: number, ts: number): void {
    this.kf.update(det.box);
    this.lastDetection = det;
    this.score = det.score;
    this.detectionIndex = index;
    this.lastSeenTs = ts;
    this.hits++;
  }
}

export class ByteTracker {
  readonly options: ByteTrackerOptions;
  private tracks: Track[] = [];
  private nextId = 1;
  private lastTs: number | null = null;
  private frames = 0;

  constructor(options: Partial<ByteTrackerOptions> = {}) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
  }

  /** Number of ids handed out so far. */
  get idsIssued(): number {
    return this.nextId - 1;
  }

  /**
   * Indices (in the last update's detections) that some track took, tentative ones and births included: what a
   * caller following people between detector runs should keep following.
   */
  matchedDetectionIndices(): number[] {
    return this.tracks.filter((t) => t.detectionIndex >= 0).map((t) => t.detectionIndex);
  }

  reset(): void {
    this.tracks = [];
    this.lastTs = null;
    this.frames = 0;
  }

  /**
   * Feeds one frame's detections (timestamp in ms, increasing) and returns the confirmed tracks: those matched
   * this frame (`detectionIndex ≥ 0`) and, when `includeLost`, the lost ones with their predicted boxes.
   */
  update(detections: readonly Detection[], ts: number, includeLost = false): TrackOutput[] {
    const o = this.options;
    const dt = this.lastTs === null ? 1 : Math.max(0, (ts - this.lastTs) / o.frameIntervalMs);
    this.lastTs = ts;
    this.frames++;
    const firstFrame = this.frames === 1;
    const assign = (cost: number[][], maxCost: number, cols: number): Assignment =>
      o.matcher === 'greedy' ? greedyAssignment(cost, maxCost, cols) : linearAssignment(cost, maxCost, cols);

    for (const t of this.tracks) {
      t.detectionIndex = -1;
      if (t.state === 'lost') t.kf.freezeScale();
      t.kf.predict(dt);
    }

    const high: number[] = [];
    const low: number[] = [];
    detections.forEach((d, i) => {
      if (!(d.score >= o.lowScore) || !(d.box.w > 0) || !(d.box.h > 0)) return;
      (d.score >= o.highScore ? high : low).push(i);
    });

    const confirmed = this.tracks.filter((t) => t.state !== 'tentative');
    const tentative = this.tracks.filter((t) => t.state === 'tentative');

    // 1. high-score detections ↔ tracked and lost tracks.
    const pool = confirmed;
    const c1 = iouMatrix(pool.map((t) => t.kf.box), high.map((i) => detections[i]!.box)).map((row) =>
      row.map((v, j) => 1 - (o.fuseScore ? v * detections[high[j]!]!.score : v)),
    );
    const a1 = assign(c1, 1 - o.matchIou, high.length);
    for (const [ti, dj] of a1.matches) {
      const t = pool[ti]!;
      t.match(detections[high[dj]!]!, high[dj]!, ts);
      t.state = 'tracked';
    }
    const leftHigh = a1.unmatchedCols.map((j) => high[j]!);

    // 2. low-score detections ↔ tracks that were tracked last frame and are still unmatched.
    const pool2 = a1.unmatchedRows.map((i) => pool[i]!).filter((t) => t.state === 'tracked');
    const c2 = iouMatrix(pool2.map((t) => t.kf.box), low.map((i) => detections[i]!.box)).map((row) => row.map((v) => 1 - v));
    const a2 = assign(c2, 1 - o.lowMatchIou, low.length);
    for (const [ti, dj] of a2.matches) pool2[ti]!.match(detections[low[dj]!]!, low[dj]!, ts);
    for (const ti of a2.unmatchedRows) pool2[ti]!.state = 'lost';

    // 3. remaining high-score detections ↔ tentative tracks.
    const c3 = iouMatrix(tentative.map((t) => t.kf.box), leftHigh.map((i) => detections[i]!.box)).map((row) => row.map((v) => 1 - v));
    const a3 = assign(c3, 1 - o.tentativeMatchIou, leftHigh.length);
    const dead = new Set<Track>();
    for (const [ti, dj] of a3.matches) {
      const t = tentative[ti]!;
      t.match(detections[leftHigh[dj]!]!, leftHigh[dj]!, ts);
      if (t.hits >= o.minHits) this.confirm(t);
    }
    // A tentative track missing one frame dies: that is what keeps flickering false positives out.
    for (const ti of a3.unmatchedRows) dead.add(tentative[ti]!);

    // 4. births.
    for (const dj of a3.unmatchedCols) {
      const i = leftHigh[dj]!;
      const d = detections[i]!;
      if (d.score < o.newTrackScore) continue;
      const t = new Track(d, i, ts);
      if (firstFrame || o.minHits <= 1) this.confirm(t);
      this.tracks.push(t);
    }

    // 5. deaths.
    for (const t of this.tracks) if (t.state === 'lost' && ts - t.lastSeenTs > o.maxLostMs) dead.add(t);
    this.tracks = this.tracks.filter((t) => !dead.has(t));
    this.removeDuplicates();

    const out: TrackOutput[] = [];
    for (const t of this.tracks) {
      if (t.state === 'tentative') continue;
      if (t.detectionIndex < 0 && !includeLost) continue;
      out.push({
        id: t.id,
        box: t.kf.box,
        score: t.score,
        state: t.detectionIndex >= 0 ? 'tracked' : t.state,
        detectionIndex: t.detectionIndex,
        hits: t.hits,
        startTs: t.startTs,
      });
    }
    return out;
  }

  private confirm(t: Track): void {
    t.state = 'tracked';
    if (t.id === 0) t.id = this.nextId++;
  }

  /**
   * A track born over a lost, older track (the prediction drifted off and a new track started on the same person)
   * is a duplicate: the older track takes over and keeps its id. Unlike ByteTrack, a lost track is never dropped
   * because an older tracked one covers it: that is the person hidden behind someone, who will reappear.
   */
  private removeDuplicates(): void {
    const tracked = this.tracks.filter((t) => t.state === 'tracked');
    const lost = this.tracks.filter((t) => t.state === 'lost');
    const drop = new Set<Track>();
    for (const a of tracked) {
      for (const b of lost) {
        if (drop.has(a) || drop.has(b) || a.startTs <= b.startTs || iou(a.kf.box, b.kf.box) <= 0.85) continue;
        drop.add(a);
        if (a.detectionIndex >= 0) {
          b.match(a.lastDetection, a.detectionIndex, a.lastSeenTs);
          b.state = 'tracked';
        }
      }
    }
    if (drop.size) this.tracks = this.tracks.filter((t) => !drop.has(t));
  }
}
