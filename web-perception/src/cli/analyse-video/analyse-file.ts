/**
 * One video file through perception and the exercise engine: decode (ffmpeg, analysis rate) → analyser (the
 * Chromium page with the worker's models and pipeline, or a fake in tests) → people (tracklets stitched) →
 * exercise engine per person → one summary per person, and optionally each person's `gym.poses/1` recording.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, extname, join } from 'node:path';
import { LANDMARK_COUNT, PosesWriter, type Skeleton } from '@gym/shared';
import { createExerciseEngine, summarise, type ExerciseEvent, type ExerciseEngineOptions } from '@gym/exercise';
import { withLearnedNamer, type LearnedSetEnded, type SetNamer } from '@gym/exercise/learned-namer.ts';
import type { FrameAnalyser } from './analyse-harness.ts';
import type { ByteTrackerOptions } from '../../tracking/byte-tracker.ts';
import { PersonCollector, type Person, type PersonOptions } from './person-tracks.ts';
import { decodeVideo, probeVideo, type VideoInfo } from './video-decoder.ts';

export interface AnalyseFileOptions {
  /** Analysis rate (capped at the file's rate). */
  fps: number;
  maxSeconds?: number;
  maxWidth?: number;
  /** Write `<dir>/<file stem>.person<N>.poses.jsonl` per person. */
  posesDir?: string;
  persons?: Partial<PersonOptions>;
  engine?: ExerciseEngineOptions;
  /**
   * Names the sets the rules counted but could not name, or named unsure (as the server does: the exercise TCN,
   * docs/models.md); null or absent: the rules alone.
   */
  namer?: SetNamer | null;
  /** Detector on every n-th frame, pose tracking in between (default 1). */
  detectEvery?: number;
  /** Tracker options over the defaults (e.g. `newTrackScore` from the gym config's `analysis.tracker`). */
  tracker?: Partial<ByteTrackerOptions>;
  /** Called after each analysed frame (progress). */
  onFrame?: (index: number, total: number, stageMs: Record<string, number>) => void;
}

export interface PersonResult {
  file: string;
  person: number | null;
  exercise: string | null;
  reps: number;
  sets: number;
  confidence: number;
  setReps: number[];
  formIssues: Record<string, number>;
  /** Seconds from the start of the file when the person was first and last seen. */
  firstS: number | null;
  lastS: number | null;
  /** Analysed frames with this person's skeleton. */
  frames: number;
  trackIds: number[];
  /** Set when the learned namer named (some of) the person's sets: the model's id. */
  namedBy?: string;
  posesFile?: string;
}

export interface FileReport {
  info: VideoInfo;
  fps: number;
  frames: number;
  persons: PersonResult[];
  /** Mean per-stage ms over the file. */
  stageMs: Record<string, number>;
}

function toSkeleton(flat: readonly number[] | null): Skeleton | null {
  if (!flat || flat.length !== LANDMARK_COUNT * 4) return null;
  const s: Skeleton = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) s.push([flat[i * 4]!, flat[i * 4 + 1]!, flat[i * 4 + 2]!, Math.min(1, Math.max(0, flat[i * 4 + 3]!))]);
  return s;
}

export function posesFileName(file: string, person: number): string {
  const stem = basename(file, extname(file)).replace(/[^A-Za-z0-9_.-]+/g, '_') || 'video';
  return `${stem}.person${person}.poses.jsonl`;
}

async function writePoses(path: string, fps: number, p: Person, extra: Record<string, unknown>): Promise<void> {
  const out = createWriteStream(path);
  const w = new PosesWriter((l) => out.write(l), fps, extra);
  // Recordings start at the person's first sight.
  for (const f of p.frames) w.frame({ t: f.t - p.firstT, kp: f.kp });
  out.end();
  await once(out, 'finish');
}

export async function analyseFile(file: string, analyser: FrameAnalyser, o: AnalyseFileOptions): Promise<FileReport> {
  const info = await probeVideo(file);
  const fps = Math.min(o.fps, info.fps);
  const total = Math.max(1, Math.floor((o.maxSeconds ? Math.min(o.maxSeconds, info.duration || o.maxSeconds) : info.duration) * fps));
  // The tracker's nominal step is one analysed frame.
  // Recorded exercise clips often hold one person close to the camera or on the floor: pose on the whole frame
  // when the detector finds nobody.
  await analyser.begin({ ...o.tracker, frameIntervalMs: 1000 / fps }, 6, 'file', o.detectEvery ?? 1, true);
  const collector = new PersonCollector();
  const sums: Record<string, number> = {};
  let frames = 0;
  for await (const frame of decodeVideo(file, info, { fps, ...(o.maxSeconds ? { maxSeconds: o.maxSeconds } : {}), ...(o.maxWidth ? { maxWidth: o.maxWidth } : {}) })) {
    const r = await analyser.analyse(frame);
    collector.add(
      frame.t,
      r.tracks.map((t) => ({ trackId: t.trackId, box: t.box, skeleton: toSkeleton(t.skeleton) })),
    );
    for (const [k, v] of Object.entries(r.stageMs)) sums[k] = (sums[k] ?? 0) + v;
    frames++;
    o.onFrame?.(frame.index, total, r.stageMs);
  }
  const people = collector.persons(fps, o.persons);
  if (o.posesDir) await mkdir(o.posesDir, { recursive: true });
  const persons: PersonResult[] = [];
  for (const p of people) {
    const engine = o.namer ? withLearnedNamer(createExerciseEngine(o.engine), { namer: o.namer }) : createExerciseEngine(o.engine);
    const id = String(p.id);
    const events: ExerciseEvent[] = [];
    for (const f of p.frames) events.push(...engine.push(id, f.t, f.kp));
    events.push(...engine.flush(id));
    const s = summarise(events);
    const r: PersonResult = {
      file,
      person: p.id,
      exercise: s.exercise,
      reps: s.reps,
      sets: s.sets.length,
      confidence: s.confidence,
      setReps: s.sets.map((x) => x.reps),
      ...namedBy(events),
      formIssues: s.formIssues,
      firstS: Math.round(p.firstT) / 1000,
      lastS: Math.round(p.lastT) / 1000,
      frames: p.skeletonFrames,
      trackIds: p.trackIds,
    };
    if (o.posesDir) {
      r.posesFile = join(o.posesDir, posesFileName(file, p.id));
      await writePoses(r.posesFile, fps, p, { source: basename(file), person: p.id, startS: r.firstS });
    }
    persons.push(r);
  }
  const stageMs = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Math.round((v / Math.max(1, frames)) * 10) / 10]));
  return { info, fps, frames, persons, stageMs };
}

/** Which model named the person's sets where the rules were unsure (`withLearnedNamer`), if any did. */
function namedBy(events: readonly ExerciseEvent[]): { namedBy?: string } {
  const by = events.find((e): e is LearnedSetEnded => e.type === 'set.ended' && 'namedBy' in e && typeof e.namedBy === 'string');
  return by?.namedBy ? { namedBy: by.namedBy } : {};
}
