/**
 * One camera's analysis of one frame: detect people → track → pose per tracked person → quality gate →
 * body / face embeddings for the tracks that are due. The models are injected (see model-ports.ts), so the same
 * code runs in the page's inference worker with the real models, in Node tools, and in unit tests with fakes.
 * Output: a `FrameDraft` ready for `toWireFrame` plus per-stage timings.
 */
import type { Box, Landmark } from '@gym/shared';
import type { FrameDraft, TrackDraft } from '../net/packing.ts';
import { iou, type BoxXYWH } from '../tracking/box.ts';
import { ByteTracker, type ByteTrackerOptions } from '../tracking/byte-tracker.ts';
import { PERSON_CLASS, type FaceLike, type PipelineModels } from './model-ports.ts';
import { QualityGate, meanVisibility, type GateInput, type QualityGateOptions } from './quality-gate.ts';
import { StageTimer } from './stage-timer.ts';

export interface CameraPipelineOptions {
  cameraId: string;
  tracker?: Partial<ByteTrackerOptions>;
  gate?: Partial<QualityGateOptions>;
  /** Most people given a pose per frame (largest first); the rest are tracked without a skeleton. */
  maxPoses?: number;
  /** Most detections asked from the detector. */
  maxDetections?: number;
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
  private seq = 0;

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
  }

  async process(frame: InputFrame<Img>): Promise<PipelineResult> {
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

    const raw = await timed('detect', () =>
      this.models.detector.detect(image, { minScore: this.tracker.options.lowScore, maxDetections: this.maxDetections }),
    );
    const people = raw.filter((d) => d.classId === PERSON_CLASS);
    const tracked = await timed('track', async () => this.tracker.update(people, ts));

    const boxes = tracked.map((t) => people[t.detectionIndex]!.box);
    const occlusion = occlusionOf(boxes);
    const results: TrackResult[] = tracked.map((t, i) => ({
      trackId: t.id,
      box: boxes[i]!,
      score: people[t.detectionIndex]!.score,
      skeleton: null,
      visibility: undefined,
      occlusion: occlusion[i]!,
    }));

    const pose = this.models.pose;
    if (pose && results.length) {
      const order = results.map((r, i) => i).sort((a, b) => results[b]!.box.h - results[a]!.box.h).slice(0, this.maxPoses);
      const poses = await timed('pose', () => pose.estimate(image, order.map((i) => results[i]!.box)));
      order.forEach((ri, k) => {
        const p = poses[k];
        if (!p) return;
        results[ri]!.skeleton = p.landmarks;
        results[ri]!.visibility = meanVisibility(p.landmarks);
      });
    }

    const gateIn: GateInput[] = results.map((r) => ({
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
      const faces = await timed('faceDetect', () => faceDetector.detect(image));
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
