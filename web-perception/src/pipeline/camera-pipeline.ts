/**
 * One camera's analysis of one frame: detect people → track → pose per tracked person → quality gate →
 * body / face embeddings for the tracks that are due. The models are injected (see model-ports.ts), so the same
 * code runs in the page's inference worker with the real models, in Node tools, and in unit tests with fakes.
 * Output: a `FrameDraft` ready for `toWireFrame` plus per-stage timings.
 */
import { LM, type Box, type Landmark } from '@gym/shared';
import type { FrameDraft, TrackDraft } from '../net/packing.ts';
import { iou, type BoxXYWH } from '../tracking/box.ts';
import { ByteTracker, type ByteTrackerOptions } from '../tracking/byte-tracker.ts';
import { AttentionPolicy, type Activity, type AttentionOptions } from './attention.ts';
import { PERSON_CLASS, type FaceLike, type PipelineModels } from './model-ports.ts';
import { poseRegion, type PoseRegionOptions } from './pose-region.ts';
import { QualityGate, frontalFaceWidthPx, meanVisibility, type GateInput, type QualityGateOptions } from './quality-gate.ts';
import { StageTimer } from './stage-timer.ts';

export interface CameraPipelineOptions {
  cameraId: string;
  tracker?: Partial<ByteTrackerOptions>;
  gate?: Partial<QualityGateOptions>;
  /** Most people given a pose per frame (largest first); the rest are tracked without a skeleton. */
  maxPoses?: number;
  /** Most detections asked from the detector. */
  maxDetections?: number;
  /**
   * Run the detector on every n-th frame only (default 1 = every frame). In between, each person tracked on the
   * previous frame is found again by the pose model around their last box, and the box the landmarks span is the
   * detection the tracker gets. Cuts the detector's cost by n when people are already tracked; new people are
   * picked up on the next detector frame.
   */
  detectEvery?: number;
  /**
   * When the detector finds nobody and nobody is being followed, try the pose model on the whole frame (a person
   * close to the camera, or lying on the floor, which person detectors often miss). For single-person footage
   * (analyse-video); off by default.
   */
  fullFramePose?: boolean;
  /**
   * Attention by activity (attention.ts): pose on every frame only for people exercising (or new, or lying);
   * walkers and idlers get one every `passiveEvery`-th frame and are carried on their tracker prediction in
   * between. Off (undefined / false) = every tracked person posed on every frame.
   */
  attention?: Partial<AttentionOptions> | boolean;
  /**
   * The pose crop of a tracked person is the union of their detection and their previous landmarks' extent
   * (pose-region.ts), so a torso-only detection at the bottom of a lunge or squat cannot hide the legs. `false`
   * poses on the detection box alone (the behaviour before); an object tunes the union.
   */
  poseRegion?: Partial<PoseRegionOptions> | false;
  /** Previous landmarks older than this (ms) are not used for the pose region (default 1000). */
  poseRegionMaxAgeMs?: number;
  /** A pose whose mean visibility is under this does not widen the next crop (default 0.5). */
  poseRegionMinVisibility?: number;
  now?: () => number;
}

export interface InputFrame<Img> {
  image: Img;
  /** Capture timestamp, ms (stream clock or the file's presentation time). */
  ts: number;
  width: number;
  height: number;
  /** Frame counter of this camera (gaps = frames dropped before analysis); default: counts calls. */
  seq?: number;
}

export interface TrackResult {
  trackId: number;
  /** Pixels: the detection matched this frame. */
  box: BoxXYWH;
  score: number;
  /** Landmarks x, y normalised to the frame; null when pose failed or was skipped. */
  skeleton: Landmark[] | null;
  visibility: number | undefined;
  occlusion: number;
  body?: Float32Array;
  face?: { box: BoxXYWH; score: number; embedding?: Float32Array };
  /** With attention: not looked at this frame (a walker or idler between their poses), box = tracker prediction. */
  coasted?: boolean;
  /** With attention: the track's activity class and the pose rate it has been getting (per second). */
  attention?: { activity: Activity; poseFps: number };
}

/**
 * A frame's detection started ahead of its turn (`CameraPipeline.prefetch`): null when the frame is planned as a
 * pose-following frame. `ms` is the detector's latency as this pipeline saw it (hop, queue and run).
 */
export interface Prefetched {
  detections: Promise<{ raw: { box: BoxXYWH; score: number; classId: number }[]; ms: number }> | null;
}

export interface PipelineResult {
  cameraId: string;
  seq: number;
  ts: number;
  width: number;
  height: number;
  tracks: TrackResult[];
  /** Ready for `toWireFrame`. */
  draft: FrameDraft;
  /** This frame's stage times, ms. */
  stageMs: Record<string, number>;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export function normaliseBox(b: BoxXYWH, width: number, height: number): Box {
  const x = clamp(b.x / width, -0.5, 1.5);
  const y = clamp(b.y / height, -0.5, 1.5);
  return { x, y, w: clamp(b.w / width, 1e-6, 2), h: clamp(b.h / height, 1e-6, 2) };
}

/** Largest IoU of each box with any other box in the list. */
export function occlusionOf(boxes: readonly BoxXYWH[]): number[] {
  return boxes.map((b, i) => boxes.reduce((m, o, j) => (j === i ? m : Math.max(m, iou(b, o))), 0));
}

/**
 * The person box the landmarks of a pose span (pixels), grown to where a detector would put it: room above the
 * eyes for the head, a little beside the limbs. Null when too few landmarks are visible.
 */
export function landmarkBox(lms: readonly Landmark[], width: number, height: number, minVisibility = 0.3): BoxXYWH | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let n = 0;
  for (const p of lms) {
    if (p[3] < minVisibility) continue;
    n++;
    x0 = Math.min(x0, p[0]);
    x1 = Math.max(x1, p[0]);
    y0 = Math.min(y0, p[1]);
    y1 = Math.max(y1, p[1]);
  }
  if (n < 8) return null;
  const w = (x1 - x0) * width;
  const h = (y1 - y0) * height;
  if (!(w > 0 && h > 0)) return null;
  // A person seen from the side spans a narrow strip of landmarks: detectors' boxes are at least ~0.4 h wide.
  const bh = 1.13 * h;
  const bw = Math.max(1.2 * w, 0.4 * bh);
  return { x: x0 * width + w / 2 - bw / 2, y: y0 * height - 0.1 * h, w: bw, h: bh };
}

/** Pose found the same person, not a neighbour or a fragment: box height within a factor of the previous one. */
function similarSize(a: BoxXYWH, b: BoxXYWH): boolean {
  const r = a.h / Math.max(1e-6, b.h);
  return r > 0.6 && r < 1.6;
}

/**
 * Square search region for a track's face (pixels): around the nose, sized from the eye distance, when the pose
 * shows the face; else the head end of the person box.
 */
export function faceRegion(t: Pick<TrackResult, 'box' | 'skeleton'>, width: number, height: number): BoxXYWH {
  const faceW = frontalFaceWidthPx(t.skeleton, width, height, 0.5);
  const nose = t.skeleton?.[LM.nose];
  if (faceW > 0 && nose) {
    const side = Math.min(faceW * 2, t.box.w * 1.5);
    return { x: nose[0] * width - side / 2, y: nose[1] * height - side / 2, w: side, h: side };
  }
  const side = Math.min(t.box.w * 1.2, t.box.h * 0.45);
  return { x: t.box.x + t.box.w / 2 - side / 2, y: t.box.y - side * 0.1, w: side, h: side };
}

/** The track whose head region (top third of its box) holds the face centre, for each face. */
function assignFaces<F extends FaceLike>(faces: readonly F[], candidates: readonly TrackResult[]): Map<number, F> {
  const out = new Map<number, F>();
  const sorted = [...faces].sort((a, b) => b.score - a.score);
  for (const f of sorted) {
    const cx = f.box.x + f.box.w / 2;
    const cy = f.box.y + f.box.h / 2;
    const t = candidates.find(
      (c) => !out.has(c.trackId) && cx >= c.box.x && cx <= c.box.x + c.box.w && cy >= c.box.y && cy <= c.box.y + c.box.h / 3 && f.box.w <= c.box.w * 1.2,
    );
    if (t) out.set(t.trackId, f);
  }
  return out;
}

export class CameraPipeline<Img, F extends FaceLike = FaceLike> {
  readonly cameraId: string;
  readonly tracker: ByteTracker;
  readonly gate: QualityGate;
  readonly timer: StageTimer;
  private readonly maxPoses: number;
  private readonly maxDetections: number;
  private readonly detectEvery: number;
  private readonly fullFramePose: boolean;
  private seq = 0;
  private frames = 0;
  /** Boxes (pixels) of the tracks matched on the previous frame. */
  private lastBoxes: BoxXYWH[] = [];
  /** Track id of each of `lastBoxes` (0 = tentative, no id yet). */
  private lastIds: number[] = [];
  /** Each track's latest landmarks and their time, for its next pose region. */
  private readonly lastPose = new Map<number, { landmarks: Landmark[]; ts: number }>();
  private readonly regionOpts: Partial<PoseRegionOptions> | false;
  private readonly regionMaxAgeMs: number;
  private readonly regionMinVisibility: number;
  /** Frames planned by `prefetch` (the detector schedule when frames are prefetched). */
  private planned = 0;
  /** A person followed by pose was not found again: the next planned frame runs the detector. */
  private followLost = false;
  private readonly attention: AttentionPolicy | null;
  /** With attention: the tracks held after the previous frame (id 0 = tentative), matched or coasted. */
  private lastTracks: { id: number; box: BoxXYWH }[] = [];

  constructor(
    private readonly models: PipelineModels<Img, F>,
    opts: CameraPipelineOptions,
  ) {
    this.cameraId = opts.cameraId;
    this.tracker = new ByteTracker(opts.tracker);
    this.gate = new QualityGate(opts.gate);
    this.timer = new StageTimer(opts.now);
    this.maxPoses = opts.maxPoses ?? 6;
    this.maxDetections = opts.maxDetections ?? 32;
    this.detectEvery = Math.max(1, Math.floor(opts.detectEvery ?? 1));
    this.fullFramePose = opts.fullFramePose ?? false;
    this.attention = opts.attention ? new AttentionPolicy(opts.attention === true ? {} : opts.attention) : null;
    this.regionOpts = opts.poseRegion ?? {};
    this.regionMaxAgeMs = opts.poseRegionMaxAgeMs ?? 1000;
    this.regionMinVisibility = opts.poseRegionMinVisibility ?? 0.5;
  }

  /** Where to look for a track's pose: its box grown to hold its recent landmarks (pose-region.ts). */
  private regionFor(id: number, box: BoxXYWH, ts: number, width: number, height: number): BoxXYWH {
    if (this.regionOpts === false || id === 0) return box;
    const prev = this.lastPose.get(id);
    if (!prev || ts - prev.ts > this.regionMaxAgeMs || prev.ts > ts) return box;
    return poseRegion(box, prev.landmarks, width, height, this.regionOpts);
  }

  /** The people a pose-following frame looks for again: all held (no attention) or those due a pose. */
  private followPlan(): { boxes: BoxXYWH[]; ids: number[]; skipped: Set<number> } {
    const att = this.attention;
    if (!att) return { boxes: this.lastBoxes.slice(0, this.maxPoses), ids: this.lastIds.slice(0, this.maxPoses), skipped: new Set() };
    const due = this.lastTracks.filter((t) => att.wantsPose(t.id)).slice(0, this.maxPoses);
    const skipped = new Set(this.lastTracks.filter((t) => t.id !== 0 && !due.includes(t)).map((t) => t.id));
    return { boxes: due.map((t) => t.box), ids: due.map((t) => t.id), skipped };
  }

  /**
   * Called when a frame arrives, before the frames ahead of it are done: when this frame is due for the detector,
   * starts its detection now, which overlaps the previous frame's poses when the detector lives in another worker
   * (remote-detector.ts). The plan uses the state of the latest finished frame (one frame stale at most); a planned
   * pose-following frame with nobody left to follow runs the detector in `process`. Pass the result to `process`.
   */
  prefetch(frame: InputFrame<Img>): Prefetched {
    const due = !this.models.pose || this.planned % this.detectEvery === 0 || this.lastBoxes.length === 0 || this.followLost;
    this.planned++;
    if (!due) return { detections: null };
    this.followLost = false;
    const t0 = performance.now();
    const detections = this.models.detector
      .detect(frame.image, { minScore: this.tracker.options.lowScore, maxDetections: this.maxDetections })
      .then((raw) => ({ raw, ms: performance.now() - t0 }));
    detections.catch(() => undefined); // awaited (and thrown) in process
    return { detections };
  }

  async process(frame: InputFrame<Img>, pre?: Prefetched): Promise<PipelineResult> {
    const { image, ts, width, height } = frame;
    const seq = frame.seq ?? this.seq;
    this.seq = seq + 1;
    const stageMs: Record<string, number> = {};
    const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await this.timer.time(stage, fn);
      } finally {
        stageMs[stage] = performance.now() - t0;
      }
    };
    const t0 = performance.now();

    const pose = this.models.pose;
    const useDetector = pre ? !pose || pre.detections !== null || this.lastBoxes.length === 0 : !pose || this.frames % this.detectEvery === 0 || this.lastBoxes.length === 0 || this.followLost;
    this.frames++;
    if (useDetector && !pre) this.followLost = false;
    let people: { box: BoxXYWH; score: number }[] = [];
    /** Poses already estimated for `people` (pose-tracking frames), by index. */
    let known: ({ landmarks: Landmark[]; score: number } | null)[] | null = null;
    /** Finds each of `prev` again with the pose model; the landmarks' box becomes the detection. */
    let skipped = new Set<number>();
    const follow = async (prev: BoxXYWH[], ids: number[], minScore: number): Promise<void> => {
      const regions = prev.map((b, i) => this.regionFor(ids[i] ?? 0, b, ts, width, height));
      const poses = regions.length ? await timed('pose', () => pose!.estimate(image, regions)) : [];
      people = [];
      known = [];
      poses.forEach((p, i) => {
        const box = p ? landmarkBox(p.landmarks, width, height) : null;
        if (!p || !box || !similarSize(box, regions[i]!)) return;
        people.push({ box, score: Math.min(0.9, Math.max(minScore, p.score)) });
        known!.push(p);
      });
      if (people.length < prev.length) this.followLost = true;
    };
    if (useDetector) {
      let raw: { box: BoxXYWH; score: number; classId: number }[];
      if (pre?.detections) {
        // Started ahead: `detect` is the detector's latency, `detectWait` the part of it this frame waited for.
        const r = await timed('detectWait', () => pre.detections!);
        raw = r.raw;
        stageMs.detect = r.ms;
        this.timer.record('detect', r.ms);
      } else
        raw = await timed('detect', () =>
          this.models.detector.detect(image, { minScore: this.tracker.options.lowScore, maxDetections: this.maxDetections }),
        );
      people = raw.filter((d) => d.classId === PERSON_CLASS);
      const confident = people.some((d) => d.score >= this.tracker.options.highScore);
      if (pose && this.fullFramePose && !confident) {
        if (this.lastBoxes.length) await follow(this.lastBoxes.slice(0, this.maxPoses), this.lastIds.slice(0, this.maxPoses), this.tracker.options.highScore);
        else {
          const [p] = await timed('pose', () => pose.estimate(image, [{ x: 0, y: 0, w: width, h: height }]));
          const box = p && p.score >= 0.5 ? landmarkBox(p.landmarks, width, height) : null;
          if (p && box) {
            people = [{ box, score: Math.min(0.9, Math.max(this.tracker.options.newTrackScore, p.score)) }];
            known = [p];
          }
        }
      }
    } else {
      const plan = this.followPlan();
      skipped = plan.skipped;
      await follow(plan.boxes, plan.ids, this.tracker.options.highScore);
    }
    const att = this.attention;
    const all = await timed('track', async () => this.tracker.update(people, ts, att !== null));
    // With attention, the people not looked at this frame are carried on their prediction (`coasted`).
    const tracked = all.filter((t) => t.detectionIndex >= 0 || skipped.has(t.id));
    // Follow every person some track holds, newborn (tentative) ones too, or they could never be confirmed.
    const matched = this.tracker.matchedDetectionIndices();
    const idOf = new Map(tracked.filter((t) => t.detectionIndex >= 0).map((t) => [t.detectionIndex, t.id]));
    this.lastBoxes = matched.map((i) => people[i]!.box);
    this.lastIds = matched.map((i) => idOf.get(i) ?? 0);
    if (att) {
      this.lastTracks = [
        ...matched.map((i) => ({ id: idOf.get(i) ?? 0, box: people[i]!.box })),
        ...tracked.filter((t) => t.detectionIndex < 0).map((t) => ({ id: t.id, box: t.box })),
      ];
      this.lastBoxes = this.lastTracks.map((t) => t.box);
      this.lastIds = this.lastTracks.map((t) => t.id);
    }

    const boxes = tracked.map((t) => (t.detectionIndex >= 0 ? people[t.detectionIndex]!.box : t.box));
    const occlusion = occlusionOf(boxes);
    const results: TrackResult[] = tracked.map((t, i) => ({
      trackId: t.id,
      box: boxes[i]!,
      score: t.detectionIndex >= 0 ? people[t.detectionIndex]!.score : t.score,
      skeleton: null,
      visibility: undefined,
      occlusion: occlusion[i]!,
      ...(t.detectionIndex < 0 ? { coasted: true } : {}),
    }));

    if (known) {
      tracked.forEach((t, i) => {
        const p = known![t.detectionIndex];
        if (!p) return;
        results[i]!.skeleton = p.landmarks;
        results[i]!.visibility = meanVisibility(p.landmarks);
      });
    } else if (pose && results.length) {
      const order = results
        .map((r, i) => i)
        .filter((i) => !att || (!results[i]!.coasted && att.wantsPose(results[i]!.trackId)))
        .sort((a, b) => results[b]!.box.h - results[a]!.box.h)
        .slice(0, this.maxPoses);
      const regions = order.map((i) => this.regionFor(results[i]!.trackId, results[i]!.box, ts, width, height));
      const poses = await timed('pose', () => pose.estimate(image, regions));
      order.forEach((ri, k) => {
        const p = poses[k];
        if (!p) return;
        results[ri]!.skeleton = p.landmarks;
        results[ri]!.visibility = meanVisibility(p.landmarks);
      });
    }

    // A pose the model itself doubts (a head-on push-up, a half-hidden body) does not widen the next crop.
    for (const r of results) {
      if (r.skeleton && (r.visibility ?? 0) >= this.regionMinVisibility) this.lastPose.set(r.trackId, { landmarks: r.skeleton, ts });
      else if (r.skeleton) this.lastPose.delete(r.trackId);
    }
    if (this.frames % 50 === 0) for (const [id, p] of this.lastPose) if (ts - p.ts > this.regionMaxAgeMs) this.lastPose.delete(id);

    if (att) {
      for (const r of results) {
        if (r.coasted) att.skipped(r.trackId);
        else att.observe(r.trackId, ts, r.box, r.skeleton, width, height);
        r.attention = { activity: att.activity(r.trackId), poseFps: att.poseFps(r.trackId, ts) };
      }
      if (this.frames % 50 === 0) att.prune(ts - 10_000);
    }

    const gateIn: GateInput[] = results.filter((r) => !r.coasted).map((r) => ({
      trackId: r.trackId,
      box: r.box,
      score: r.score,
      visibility: r.visibility,
      occlusion: r.occlusion,
      landmarks: r.skeleton,
    }));
    const due = this.gate.select(gateIn, ts, width, height);

    const body = this.models.body;
    if (body && due.body.length) {
      const targets = due.body.map((id) => results.find((r) => r.trackId === id)!);
      const vecs = await timed('body', () => body.embed(image, targets.map((r) => r.box)));
      targets.forEach((r, k) => {
        const v = vecs[k];
        if (v) r.body = v;
      });
    }

    const { faceDetector, face } = this.models;
    if (faceDetector && due.face.length) {
      const candidates = due.face.map((id) => results.find((r) => r.trackId === id)!);
      // Look only where the due faces are: a small face fills the detector's input when its region is cropped.
      const regions = candidates.map((c) => faceRegion(c, width, height));
      const faces = await timed('faceDetect', () => faceDetector.detect(image, { regions }));
      const assigned = assignFaces(faces, candidates);
      for (const c of candidates) if (!assigned.has(c.trackId)) this.gate.faceMissed(c.trackId, ts);
      const withFace = candidates.filter((c) => assigned.has(c.trackId));
      for (const c of withFace) {
        const f = assigned.get(c.trackId)!;
        c.face = { box: f.box, score: f.score };
      }
      if (face && withFace.length) {
        const vecs = await timed('faceEmbed', () => face.embed(image, withFace.map((c) => assigned.get(c.trackId)!)));
        withFace.forEach((c, k) => {
          const v = vecs[k];
          if (v && c.face) c.face.embedding = v;
        });
      }
    }

    stageMs.total = performance.now() - t0;
    this.timer.record('total', stageMs.total);
    return { cameraId: this.cameraId, seq, ts, width, height, tracks: results, draft: this.toDraft(results, seq, ts, width, height), stageMs };
  }

  private toDraft(results: TrackResult[], seq: number, ts: number, width: number, height: number): FrameDraft {
    const tracks: TrackDraft[] = results.map((r) => {
      const d: TrackDraft = {
        trackId: r.trackId,
        box: normaliseBox(r.box, width, height),
        quality: {
          score: clamp(r.score, 0, 1),
          heightPx: Math.max(0, r.box.h),
          occlusion: clamp(r.occlusion, 0, 1),
          ...(r.visibility !== undefined ? { visibility: clamp(r.visibility, 0, 1) } : {}),
        },
        skeleton: r.skeleton,
        ...(r.attention ? { attention: { activity: r.attention.activity, poseFps: Math.round(r.attention.poseFps * 10) / 10 } } : {}),
      };
      if (r.body && this.models.body) d.bodyEmbedding = { model: this.models.body.name, vector: r.body };
      if (r.face) {
        d.face = { box: normaliseBox(r.face.box, width, height), score: clamp(r.face.score, 0, 1) };
        if (r.face.embedding && this.models.face) d.face.embedding = { model: this.models.face.name, vector: r.face.embedding };
      }
      return d;
    });
    return { cameraId: this.cameraId, frameTs: ts, seq, width: Math.round(width), height: Math.round(height), tracks: tracks.slice(0, 64) };
  }
}
