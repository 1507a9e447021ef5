/**
 * Attention by activity (issue 19) against today's scheduler (every tracked person posed on every analysed frame),
 * in the same run:
 *
 * 1. Rep accuracy (pure, seconds): the exercise engine's held-out generated sequences (every catalogue exercise,
 *    clean / noisy / long idle lead-in, image-normalised, at the 5 fps analysis rate) fed to the engine as
 *    production feeds it (only frames with a skeleton). Schedulers: `reference` = every frame; `attention` = the
 *    frames AttentionPolicy (web-perception/src/pipeline/attention.ts) gives a pose, from the person's box and the
 *    skeletons it got; `all low` = every person at the low rate (what attention avoids for exercisers). Prints
 *    exact-count share, mean |error| and share of frames posed; plus generated walkers (a standing figure moving
 *    across the frame at 0.3–0.9 box heights/s): share classified walking and posed.
 * 2. Live cost (headless Chromium, real models, vtest.avi at 5 fps: 2–6 pedestrians, no exercisers): analysed fps
 *    per camera, CPU per camera (the browser's processes' CPU time / wall time / cameras), pose ms and poses per
 *    person-second, people per frame, at 1 and 2 cameras sharing a page, reference vs attention (detectEvery 2)
 *    and attention with the detector every 3rd frame. BENCH_ONLY=reps|live; BENCH_FRAMES (default 25).
 *
 * On rendered gym footage with exercisers and walkers (real pixels, exact truth): bench/perception-rendered.bench.ts.
 *
 *   npx tsx bench/perception-attention.bench.ts
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Landmark } from '../shared/src/index.ts';
import { createExerciseEngine } from '@gym/exercise/engine.ts';
import { summarise } from '@gym/exercise/summary.ts';
import type { ExerciseEvent } from '@gym/exercise/types.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { CATALOGUE_MOTIONS, scenarios } from '@gym/exercise/testing/scenarios.ts';
import { AttentionPolicy, FULL_RATE } from '../web-perception/src/pipeline/attention.ts';
import { landmarkBox } from '../web-perception/src/pipeline/camera-pipeline.ts';
import { headline } from './lib/report.ts';
import { childCpuSeconds } from './lib/child-cpu.ts';

const W = 1280;
const H = 720;
const FPS = 5;

type Frame = { t: number; kp: Landmark[] | null };
type Scheduler = 'reference' | 'attention' | 'all low';

/** Which frames of one person get a pose under a scheduler; the engine sees only those. */
function posedFrames(frames: Frame[], s: Scheduler): { posed: boolean[]; activities: string[] } {
  if (s === 'reference') return { posed: frames.map((f) => f.kp !== null), activities: [] };
  const policy = new AttentionPolicy(s === 'all low' ? { walkSpeed: -1 } : {});
  const posed: boolean[] = [];
  const activities: string[] = [];
  frames.forEach((f, i) => {
    if (!f.kp) return void posed.push(false);
    // The box a detector would give: the landmarks' span (the pipeline's own landmarkBox), in pixels.
    const box = landmarkBox(f.kp, W, H, 0) ?? { x: 0, y: 0, w: 1, h: 1 };
    const want = s === 'all low' ? i % policy.options.passiveEvery === 0 : policy.wantsPose(1);
    activities.push(policy.observe(1, f.t, box, want ? f.kp : null, W, H));
    posed.push(want);
  });
  return { posed, activities };
}

function repCount(frames: Frame[], posed: boolean[]): number {
  const engine = createExerciseEngine();
  const events: ExerciseEvent[] = [];
  frames.forEach((f, i) => {
    if (posed[i] && f.kp) for (const e of engine.push('p', f.t, f.kp)) events.push(e);
  });
  events.push(...engine.flush());
  return summarise(events).reps;
}

function reps(): void {
  const seed = 9001;
  const list = scenarios(seed, 2, CATALOGUE_MOTIONS, ['clean', 'noise', 'idle']).filter((s) => (s.options.normalise ?? 'image') === 'image');
  const seqs = list.map((s) => ({ s, seq: generateSequence({ ...s.options, fps: FPS, headerFps: FPS, aspect: W / H }) }));
  console.log(`rep accuracy: ${seqs.length} generated sequences (seed ${seed}, ${CATALOGUE_MOTIONS.length} exercises × clean/noise/idle lead-in) at ${FPS} fps`);
  console.log('scheduler   exact  mean |error|  frames posed  full-rate share during reps');
  const rows: Record<string, { exact: number; err: number; posed: number; frames: number; full: number; during: number }> = {};
  const perMotion = new Map<string, Record<string, number>>();
  for (const sch of ['reference', 'attention', 'all low'] as Scheduler[]) {
    const acc = { exact: 0, err: 0, posed: 0, frames: 0, full: 0, during: 0 };
    for (const { s, seq } of seqs) {
      const frames = seq.frames as Frame[];
      const { posed, activities } = posedFrames(frames, sch);
      const n = repCount(frames, posed);
      const d = Math.abs(n - seq.truth.reps);
      acc.exact += d === 0 ? 1 : 0;
      acc.err += d;
      acc.posed += posed.filter(Boolean).length;
      acc.frames += frames.length;
      const m = perMotion.get(s.options.motion) ?? perMotion.set(s.options.motion, {}).get(s.options.motion)!;
      m[sch] = (m[sch] ?? 0) + d;
      // During the reps (first rep start ≈ the idle lead-in, to the last rep's end): how often at the full rate.
      const first = seq.truth.repEnds[0] ?? 0;
      const last = seq.truth.repEnds[seq.truth.repEnds.length - 1] ?? 0;
      let k = 0;
      frames.forEach((f) => {
        if (!f.kp) return;
        const a = activities[k++];
        if (f.t >= first - 2000 && f.t <= last) {
          acc.during++;
          if (sch === 'reference' || (a && FULL_RATE.has(a as never))) acc.full++;
        }
      });
    }
    rows[sch] = acc;
    console.log(`${sch.padEnd(10)} ${(acc.exact / seqs.length).toFixed(2).padStart(6)} ${(acc.err / seqs.length).toFixed(2).padStart(13)} ${(acc.posed / acc.frames).toFixed(2).padStart(13)} ${(sch === 'all low' ? NaN : acc.full / Math.max(1, acc.during)).toFixed(2).padStart(28)}`);
  }
  const r = rows['reference']!;
  const a = rows['attention']!;
  console.log(`attention vs reference: exact ${(a.exact / Math.max(1, r.exact)).toFixed(2)}×, mean |error| ${(a.err - r.err) / seqs.length >= 0 ? '+' : ''}${((a.err - r.err) / seqs.length).toFixed(2)} reps, poses ${(a.posed / r.posed).toFixed(2)}×`);
  console.log('per exercise, summed |error| (reference / attention / all low):');
  console.log('  ' + [...perMotion].map(([m, e]) => `${m} ${e['reference']}/${e['attention']}/${e['all low']}`).join(', '));

  // Walkers: a standing figure (the generator's 'sway') carried across the frame.
  let walkFrames = 0;
  let walking = 0;
  let posed = 0;
  let total = 0;
  for (let k = 0; k < 12; k++) {
    const speed = 0.3 + (0.6 * k) / 11; // box heights per second
    const seq = generateSequence({ motion: 'sway', seed: 100 + k, fps: FPS, headerFps: FPS, aspect: W / H, reps: 2, sets: 1, idleMs: 1000 });
    const frames = (seq.frames as Frame[]).map((f) => {
      if (!f.kp) return f;
      const box = landmarkBox(f.kp, W, H, 0)!;
      const dx = (((speed * (box.h / H) * f.t) / 1000) * H) / W;
      return { t: f.t, kp: f.kp.map(([x, y, z, v]) => [x - 0.4 + dx * (k % 2 ? -1 : 1), y, z, v] as Landmark) };
    });
    const { posed: p, activities } = posedFrames(frames, 'attention');
    activities.forEach((a, i) => {
      if (frames[i]!.t < 2000) return; // first 2 s: new
      walkFrames++;
      if (a === 'walking') walking++;
    });
    posed += p.filter(Boolean).length;
    total += frames.length;
  }
  console.log(`walkers (12, 0.3–0.9 box heights/s): classified walking ${(walking / walkFrames).toFixed(2)} of their frames after the first 2 s; posed ${(posed / total).toFixed(2)} of frames (reference 1.00)`);
}


async function live(): Promise<void> {
  const { VTEST_FILE } = await import('../web-perception/src/tracking/vtest-reference.ts');
  if (!existsSync(VTEST_FILE) || !existsSync(join(import.meta.dirname, '../models/manifest.json'))) return void console.log('\nlive: skipped (needs vtest.avi and models/)');
  const FRAMES = Number(process.env['BENCH_FRAMES'] ?? 25);
  const { ModelsConfig } = await import('../shared/src/config/gym-config.ts');
  const { startChromiumAnalyser } = await import('../web-perception/src/cli/analyse-video/analyse-harness.ts');
  const { decodeVideo, probeVideo } = await import('../web-perception/src/cli/analyse-video/video-decoder.ts');
  const info = await probeVideo(VTEST_FILE);
  const frames = [];
  for await (const f of decodeVideo(VTEST_FILE, info, { fps: FPS, maxSeconds: 2 + FRAMES / FPS })) if (f.t >= 2000) frames.push(f);
  const a = await startChromiumAnalyser({ models: ModelsConfig.parse({ backend: 'wasm' }), roles: ['detector', 'pose', 'body'] });
  console.log(`\nlive: vtest.avi at ${FPS} fps, ${FRAMES} frames per camera, headless Chromium ${a.backend}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  console.log('scheduler                 cameras  analysed fps/cam  vs ref  CPU/cam  people/frame  pose ms/frame  poses/person/s  ids  walking share');
  const CASES = [
    { name: 'reference (detectEvery 2)', every: 2, attention: false },
    { name: 'attention (detectEvery 2)', every: 2, attention: true },
    { name: 'attention (detectEvery 3)', every: 3, attention: true },
  ];
  try {
    for (const cams of [1, 2]) {
      let refFps = NaN;
      for (const c of CASES) {
        const ids = Array.from({ length: cams }, (_, i) => `cam-${i}`);
        for (const id of ids) await a.begin({ frameIntervalMs: 1000 / FPS }, 6, id, c.every, false, c.attention);
        let people = 0;
        let poseMs = 0;
        let skel = 0;
        let walking = 0;
        let classified = 0;
        const seen = new Set<string>();
        const cpu0 = childCpuSeconds();
        const t0 = performance.now();
        for (let i = 0; i < FRAMES; i++)
          for (const id of ids) {
            const f = frames[i % frames.length]!;
            const r = await a.analyse({ ...f, t: (i * 1000) / FPS }, id);
            people += r.tracks.length;
            poseMs += r.stageMs['pose'] ?? 0;
            for (const t of r.tracks) {
              seen.add(`${id}/${t.trackId}`);
              if (t.skeleton) skel++;
              if (t.attention && t.attention.activity !== 'new') (classified++, t.attention.activity === 'walking' && walking++);
            }
          }
        const secs = (performance.now() - t0) / 1000;
        const cpu = (childCpuSeconds() - cpu0) / secs / cams;
        const n = FRAMES * cams;
        const fps = FRAMES / secs;
        if (!c.attention) refFps = fps;
        console.log(
          `${c.name.padEnd(25)} ${String(cams).padStart(7)} ${fps.toFixed(2).padStart(17)} ${`${(fps / refFps).toFixed(2)}×`.padStart(7)} ${cpu.toFixed(2).padStart(8)} ${(people / n).toFixed(1).padStart(13)} ${(poseMs / n).toFixed(0).padStart(14)} ${(skel / Math.max(1, people) * FPS).toFixed(2).padStart(15)} ${String(seen.size).padStart(4)} ${c.attention ? (walking / Math.max(1, classified)).toFixed(2).padStart(14) : '             —'}`,
        );
        if (c.attention && refFps) headline({ metric: `analysed fps per camera, attention by activity (${c.name}), ${cams} camera${cams > 1 ? 's' : ''}, vtest`, value: fps, unit: 'fps', reference: { label: 'pose for every person', value: refFps }, goal: { op: '>=', value: 5 } });
      }
    }
  } finally {
    await a.close();
  }
  console.log('CPU/cam: the browser\'s CPU seconds per wall second per camera (1.00 = one core). poses/person/s counts skeletons per tracked person at the offered rate.');
}

const only = process.env['BENCH_ONLY'];
if (!only || only === 'reps') reps();
if (!only || only === 'live') await live();
