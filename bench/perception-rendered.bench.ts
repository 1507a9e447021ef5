/**
 * Issue 19 on the rendered demo gym (footage/src/scenes/demo-gym.json: a squatter (9 reps) and a curler (11 reps)
 * exercising, a walker crossing twice and a talker; exact truth), every scheduler in the same run, frames
 * interleaved (frame i goes through every case before frame i + 1, the order rotating), so the shared machine's
 * load falls on all cases alike.
 *
 * Per case: analysed fps (1000 / the pipeline's mean time per frame, `stageMs.total`: what a worker page achieves
 * when frames arrive as VideoFrames; the harness's frame transfer is shown apart), the pose rate each truth person
 * got (skeleton frames per second of wall time at that analysed fps), per-stage ms per frame (profile), and rep
 * accuracy: each case's tracks stitched into people as `npx gym analyse-video` does (PersonCollector), matched to
 * the truth people by hip position, the exercise engine run on each person's skeletons; reps and name against the
 * truth, false reps on the walker and the talker.
 *
 * Cases (BENCH_CASES=comma list of names; default all):
 *   reference  today's scheduler before attention: everyone posed on every frame, detector every 2nd frame
 *   attention  attention by activity (config/gym.yaml), detector every 2nd frame
 *   att-d3     attention, detector every 3rd frame
 *   att-lite   attention with MediaPipe pose lite (a second browser with the lite model)
 *   att-stable attention, body / face embeddings backing off on stable tracks (quality gate `stableBackoff: 2`)
 *   att-d3-stable, att-d3-stable-lite: the levers together
 *   pose-pool  the reference's scheduler with one pose worker beside the page (models.poseWorkers: 1, the `auto`
 *              value on 2 cores): a frame's people posed on two cores; pool-2: two pose workers
 * Every other case poses in the page alone (poseWorkers 0, the path before the pool); each poseWorkers value and
 * pose model gets a browser of its own.
 * Default cases: reference, attention, att-d3, att-lite, att-stable. Env: BENCH_SECONDS (default the whole 30 s clip; truth reps counted up to there), BENCH_FPS (default 5).
 *
 *   npx tsx bench/perception-rendered.bench.ts
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { FootageTruth, LANDMARK_COUNT, parseFootageLandmarks, type PoseFrame, type Skeleton } from '@gym/shared';
import { loadGymConfig, ModelsConfig } from '@gym/shared/config/gym-config.ts';
import { createExerciseEngine, summarise, type ExerciseEvent } from '@gym/exercise';
import { renderScene } from '../footage/src/render.ts';
import { allScenes } from '../footage/src/scenes/index.ts';
import { startChromiumAnalyser, type FrameAnalyser } from '../web-perception/src/cli/analyse-video/analyse-harness.ts';
import { PersonCollector } from '../web-perception/src/cli/analyse-video/person-tracks.ts';
import { decodeVideo, probeVideo, type DecodedFrame } from '../web-perception/src/cli/analyse-video/video-decoder.ts';
import type { AttentionOptions } from '../web-perception/src/pipeline/attention.ts';
import type { PipelineTuning } from '../web-perception/src/cli/analyse-video/analyse-page.ts';
import { matchTruthPerson, poseError } from './lib/pose-error.ts';
import { headline } from './lib/report.ts';
import { table } from './lib/rendered-clips.ts';
import { childCpuSeconds } from './lib/child-cpu.ts';

const FPS = Number(process.env['BENCH_FPS'] ?? 5);
const gym = loadGymConfig(new URL('../config/gym.yaml', import.meta.url).pathname);
const cam = gym.cameras.find((c) => c.id === 'cam-gym');
const newTrackScore = cam?.newTrackScore ?? gym.analysis.newTrackScore;
const attentionCfg: Partial<AttentionOptions> = { passiveEvery: gym.analysis.attention?.passivePoseEvery ?? 3 };

interface Case {
  name: string;
  label: string;
  every: number;
  attention: Partial<AttentionOptions> | false;
  pose: 'full' | 'lite';
  /** models.poseWorkers (0: every pose in the page). */
  poseWorkers?: number;
  tuning?: PipelineTuning;
}
const ALL: Case[] = [
  { name: 'reference', label: 'everyone posed, detect every 2nd', every: 2, attention: false, pose: 'full' },
  { name: 'attention', label: 'attention, detect every 2nd', every: 2, attention: attentionCfg, pose: 'full' },
  { name: 'att-d3', label: 'attention, detect every 3rd', every: 3, attention: attentionCfg, pose: 'full' },
  { name: 'att-lite', label: 'attention, pose lite', every: 2, attention: attentionCfg, pose: 'lite' },
  { name: 'att-stable', label: 'attention, embeddings back off on stable tracks', every: 2, attention: attentionCfg, pose: 'full', tuning: { gate: { stableBackoff: 2 } } },
  { name: 'att-d3-stable', label: 'attention, detect every 3rd, embeddings back off', every: 3, attention: attentionCfg, pose: 'full', tuning: { gate: { stableBackoff: 2 } } },
  { name: 'pose-pool', label: 'everyone posed, detect every 2nd, 1 pose worker', every: 2, attention: false, pose: 'full', poseWorkers: 1 },
  { name: 'pool-2', label: 'everyone posed, detect every 2nd, 2 pose workers', every: 2, attention: false, pose: 'full', poseWorkers: 2 },
  { name: 'att-d3-stable-lite', label: 'attention, detect every 3rd, embeddings back off, pose lite', every: 3, attention: attentionCfg, pose: 'lite', tuning: { gate: { stableBackoff: 2 } } },
];
const wanted = process.env['BENCH_CASES']?.split(',').map((s) => s.trim());
const CASES = ALL.filter((c) => (wanted ?? ['reference', 'attention', 'att-d3', 'att-lite', 'att-stable']).includes(c.name));
if (!CASES.length) throw new Error(`BENCH_CASES: none of ${ALL.map((c) => c.name).join(', ')}`);

function toSkeleton(flat: readonly number[] | null): Skeleton | null {
  if (!flat || flat.length !== LANDMARK_COUNT * 4) return null;
  const s: Skeleton = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) s.push([flat[i * 4]!, flat[i * 4 + 1]!, flat[i * 4 + 2]!, Math.min(1, Math.max(0, flat[i * 4 + 3]!))]);
  return s;
}

function engineCount(frames: readonly PoseFrame[]): { reps: number; exercise: string | null } {
  const engine = createExerciseEngine();
  const events: ExerciseEvent[] = [];
  for (const f of frames) events.push(...engine.push('p', f.t, f.kp));
  events.push(...engine.flush('p'));
  const s = summarise(events);
  return { reps: s.reps, exercise: s.exercise };
}


const scene = allScenes().get('demo-gym');
if (!scene) throw new Error('no demo-gym scene');
const r = await renderScene(scene);
const truth = FootageTruth.parse(JSON.parse(readFileSync(r.truth, 'utf8')));
const landmarks = parseFootageLandmarks(readFileSync(r.landmarks, 'utf8'));
const info = await probeVideo(r.video);
const seconds = Math.min(Number(process.env['BENCH_SECONDS'] ?? info.duration), info.duration);
const frames: DecodedFrame[] = [];
for await (const f of decodeVideo(r.video, info, { fps: FPS, maxSeconds: seconds })) frames.push(f);

const roles = ['detector', 'pose', 'body', 'face'] as const; // as the worker page loads them
const analysers = new Map<string, FrameAnalyser>();
const models = { ...gym.models, backend: 'wasm' as const };
const browserOf = (c: Case) => `${c.pose}/${c.poseWorkers ?? 0}`;
for (const c of CASES) {
  if (analysers.has(browserOf(c))) continue;
  const a = await startChromiumAnalyser({ models: ModelsConfig.parse({ ...models, pose: c.pose, poseWorkers: c.poseWorkers ?? 0 }), roles: [...roles] });
  if (a.poseWorkers !== (c.poseWorkers ?? 0)) throw new Error(`${c.name}: ${a.poseWorkers} pose workers started, ${c.poseWorkers ?? 0} asked`);
  analysers.set(browserOf(c), a);
}

console.log(
  `demo-gym (${info.width}×${info.height}, ${seconds.toFixed(0)} s, ${frames.length} frames at ${FPS} fps), new-track score ${newTrackScore}, ` +
    `${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}, ${[...analysers.values()][0]!.backend}`,
);
interface Acc {
  collector: PersonCollector;
  totalMs: number;
  wallMs: number;
  stages: Record<string, number>;
  tracks: number;
  cpu: number;
  /** Per frame, track id → the activity letter (n/e/l/w/i, '.' no skeleton) for BENCH_TRACE. */
  trace: Map<number, string>[];
}
const acc = new Map<string, Acc>(CASES.map((c) => [c.name, { collector: new PersonCollector(), totalMs: 0, wallMs: 0, stages: {}, tracks: 0, cpu: 0, trace: [] }]));
try {
  for (const c of CASES) await analysers.get(browserOf(c))!.begin({ frameIntervalMs: 1000 / FPS, ...(newTrackScore ? { newTrackScore } : {}) }, 6, c.name, c.every, false, c.attention, c.tuning);
  const load0 = loadavg()[0]!;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    for (let k = 0; k < CASES.length; k++) {
      const c = CASES[(i + k) % CASES.length]!;
      const a = acc.get(c.name)!;
      const cpu0 = childCpuSeconds();
      const t0 = performance.now();
      const res = await analysers.get(browserOf(c))!.analyse(f, c.name);
      a.wallMs += performance.now() - t0;
      a.cpu += childCpuSeconds() - cpu0;
      a.totalMs += res.stageMs['total'] ?? 0;
      for (const [s, v] of Object.entries(res.stageMs)) a.stages[s] = (a.stages[s] ?? 0) + v;
      a.tracks += res.tracks.length;
      a.trace.push(new Map(res.tracks.map((t) => [t.trackId, t.skeleton ? (t.attention?.activity[0] ?? 'p') : '.'])));
      a.collector.add(f.t, res.tracks.map((t) => ({ trackId: t.trackId, box: t.box, skeleton: toSkeleton(t.skeleton) })));
    }
    if (i % 25 === 24) process.stderr.write(`[bench] ${i + 1}/${frames.length} frames, load ${loadavg()[0]!.toFixed(1)}\n`);
  }
  console.log(`load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} during the run`);
} finally {
  for (const a of analysers.values()) await a.close();
}

// Truth reps up to the end of the measured window.
const truthOf = (id: string) => {
  const p = truth.people.find((x) => x.id === id)!;
  return { role: p.role, exercise: p.sets[0]?.exercise ?? null, reps: p.sets.flatMap((s) => s.reps).filter((x) => x.counted && x.end <= seconds).length };
};
const people = truth.people.map((p) => p.id);
const exercisers = truth.people.filter((p) => p.role === 'exercising').map((p) => p.id);
const STAGES = ['detect', 'pose', 'track', 'body', 'faceDetect', 'faceEmbed'];
const head = ['case', 'analysed fps', 'vs ref', 'wall fps', 'CPU s/frame', 'ms/frame: ' + STAGES.join(' / '), 'tracks/frame', ...people.map((id) => `${id} poses/s`)];
const rows: string[][] = [head];
const errRows: string[][] = [['case', ...exercisers.map((id) => `${id} joint error (torso lengths)`), ...exercisers.map((id) => `${id} frames with skeleton`)]];
const repRows: string[][] = [['case', ...people.map((id) => { const t = truthOf(id); return `${id} ${t.role === 'exercising' ? `${t.exercise} (truth ${t.reps})` : `${t.role} (truth 0)`}`; }), 'exact', 'mean |error|']];
let refFps = NaN;
const summary = new Map<string, { fps: number; minPoseFps: number; exact: number; err: number }>();
for (const c of CASES) {
  const a = acc.get(c.name)!;
  const n = frames.length;
  const fps = (1000 * n) / a.totalMs;
  if (c.name === 'reference') refFps = fps;
  // People as analyse-video stitches them, matched to the truth by hip position.
  const byTruth = new Map<string, { frames: PoseFrame[]; skel: number; trackIds: number[] }[]>();
  for (const p of a.collector.persons(FPS)) {
    const rel = p.frames.map((f) => ({ t: f.t - p.firstT, kp: f.kp }));
    const id = matchTruthPerson(landmarks, rel, p.firstT / 1000);
    if (id) byTruth.set(id, [...(byTruth.get(id) ?? []), { frames: p.frames, skel: p.skeletonFrames, trackIds: p.trackIds }]);
  }
  if (process.env['BENCH_TRACE'])
    for (const id of people) {
      const ids = new Set((byTruth.get(id) ?? []).flatMap((p) => p.trackIds));
      console.log(`trace ${c.name.padEnd(10)} ${id.padEnd(3)} ${a.trace.map((m) => [...m].find(([k]) => ids.has(k))?.[1] ?? ' ').join('')}`);
    }
  // The pose rate a person got: skeleton frames over the clip × the analysed rate / frames (per wall second).
  const poseFps = people.map((id) => {
    const skel = (byTruth.get(id) ?? []).reduce((s, p) => s + p.skel, 0);
    return (skel / n) * fps;
  });
  rows.push([
    c.name,
    fps.toFixed(2),
    Number.isFinite(refFps) ? `${(fps / refFps).toFixed(2)}×` : "–",
    ((1000 * n) / a.wallMs).toFixed(2),
    (a.cpu / n).toFixed(2),
    STAGES.map((s) => ((a.stages[s] ?? 0) / n).toFixed(0)).join(' / '),
    (a.tracks / n).toFixed(1),
    ...poseFps.map((v) => v.toFixed(2)),
  ]);
  let exact = 0;
  let err = 0;
  const cells = people.map((id) => {
    const t = truthOf(id);
    const mine = (byTruth.get(id) ?? []).sort((x, y) => y.skel - x.skel);
    if (t.role !== 'exercising') {
      const fr = mine.reduce((s, p) => s + engineCount(p.frames).reps, 0);
      return `${fr} false (${mine.length} people)`;
    }
    const e = mine[0] ? engineCount(mine[0].frames) : { reps: 0, exercise: null };
    exact += e.reps === t.reps ? 1 : 0;
    err += Math.abs(e.reps - t.reps);
    return `${e.reps} ${e.exercise ?? '–'}`;
  });
  // Landmark error of each exerciser's stitched person against the rig's joints (bench/pose-accuracy's measure).
  const errs = exercisers.map((id) => {
    const best = (byTruth.get(id) ?? []).sort((x, y) => y.skel - x.skel)[0];
    return best ? poseError(landmarks, id, best.frames, 0) : null;
  });
  errRows.push([c.name, ...errs.map((e) => (e ? e.joints.toFixed(3) : '–')), ...errs.map((e) => (e ? `${e.matchedFrames}/${Math.min(frames.length, Math.round((e.truthFrames * FPS) / landmarks.header.fps))}` : '–'))]);
  repRows.push([c.name, ...cells, `${exact}/${exercisers.length}`, (err / exercisers.length).toFixed(2)]);
  const minPoseFps = Math.min(...exercisers.map((id) => poseFps[people.indexOf(id)]!));
  summary.set(c.name, { fps, minPoseFps, exact, err });
}
console.log('\n' + table(rows));
console.log('\n' + table(errRows));
console.log('\n' + table(repRows));
console.log(
  '\nanalysed fps = 1000 / mean stageMs.total (the pipeline in the page, as a worker page runs it); wall fps adds the harness\'s raw-RGBA frame transfer.\n' +
    'poses/s: analysed frames with that person\'s skeleton per second at the case\'s analysed fps (exercisers need ≥ 5). CPU s/frame: the browsers\' CPU per frame.',
);
const ref = summary.get('reference');
for (const c of CASES) {
  const s = summary.get(c.name)!;
  headline({
    metric: `pose fps of the slowest exerciser, demo gym, ${c.label}`,
    value: s.minPoseFps,
    unit: 'fps',
    ...(ref && c.name !== 'reference' ? { reference: { label: 'everyone posed', value: ref.minPoseFps } } : {}),
    goal: { op: '>=', value: 5 },
    note: `reps exact ${s.exact}/${exercisers.length}, mean |error| ${(s.err / exercisers.length).toFixed(2)}`,
  });
}
