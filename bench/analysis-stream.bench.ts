/**
 * Analysis stream (issue 19): what a lower-resolution stream for the perception workers costs in rep accuracy and
 * saves in compute, on the rendered demo gym (1280×720, exact rep truth per person) with the full-resolution
 * stream as the reference in the same run.
 *
 * Per width: the frames go through the same pipeline as `gym analyse-video` (NanoDet → tracker → MediaPipe pose in
 * headless Chromium → exercise engine), scaled to that width as capture-node's analysis stream would be. Scored per
 * exercising person of the truth file: the analysed person doing the same exercise with the closest count, |error|.
 * Cost: perception milliseconds per analysed frame, and ffmpeg CPU seconds per video second to decode the camera
 * stream at that size (what the worker browser pays) and to make the analysis stream (what capture-node pays).
 *
 *   npx tsx bench/analysis-stream.bench.ts          # BENCH_WIDTHS=1280,640,480 BENCH_FPS=5 BENCH_SECONDS=30
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { FootageTruth } from '../shared/src/footage/truth.ts';
import { ModelsConfig } from '../shared/src/config/gym-config.ts';
import { footageCacheDir, renderScene } from '../footage/src/render.ts';
import { builtinScenes } from '../footage/src/scenes/index.ts';
import { startChromiumAnalyser } from '../web-perception/src/cli/analyse-video/analyse-harness.ts';
import { analyseFile, type PersonResult } from '../web-perception/src/cli/analyse-video/analyse-file.ts';
import { headline } from './lib/report.ts';

const WIDTHS = (process.env['BENCH_WIDTHS'] ?? '1280,640,480').split(',').map(Number);
const FPS = Number(process.env['BENCH_FPS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);

interface Score { width: number; people: number; exact: number; within1: number; meanAbsErr: number; falseReps: number; msPerFrame: number }

/** Each exercising person of the truth: the analysed person with that exercise and the nearest count (used once). */
function score(width: number, truth: FootageTruth, seconds: number, persons: PersonResult[], msPerFrame: number): Score {
  const pool = persons.filter((p) => p.exercise && p.reps > 0);
  const used = new Set<PersonResult>();
  const errs: number[] = [];
  for (const t of truth.people.filter((p) => p.role === 'exercising' && p.sets.some((s) => s.start < seconds))) {
    const exercise = t.sets[0]?.exercise;
    // Reps finished inside the analysed part of the clip.
    const expected = t.sets.flatMap((s) => s.reps).filter((r) => r.counted && r.end <= seconds).length;
    const candidates = pool.filter((p) => !used.has(p) && p.exercise === exercise).sort((a, b) => Math.abs(a.reps - expected) - Math.abs(b.reps - expected));
    const got = candidates[0];
    if (got) used.add(got);
    errs.push(Math.abs((got?.reps ?? 0) - expected));
  }
  const falseReps = pool.filter((p) => !used.has(p)).reduce((s, p) => s + p.reps, 0);
  return {
    width,
    people: errs.length,
    exact: errs.filter((e) => e === 0).length,
    within1: errs.filter((e) => e <= 1).length,
    meanAbsErr: errs.reduce((s, e) => s + e, 0) / Math.max(1, errs.length),
    falseReps,
    msPerFrame,
  };
}

/** ffmpeg's own CPU time (user + sys, s) for a command, from `-benchmark`. */
function ffmpegCpu(args: string[]): number {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-benchmark', ...args], { encoding: 'utf8' });
  const m = /utime=([\d.]+)s stime=([\d.]+)s/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`ffmpeg failed: ${(r.stderr ?? '').slice(-300)}`);
  return Number(m[1]) + Number(m[2]);
}

async function main(): Promise<void> {
  console.log(`analysis-stream bench: ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, widths ${WIDTHS.join('/')}, ${FPS} fps, ${SECONDS} s`);
  const r = await renderScene(builtinScenes().get('demo-gym')!, footageCacheDir(), (l) => console.log(`  ${l}`));
  const truth = FootageTruth.parse(JSON.parse(readFileSync(r.truth, 'utf8')));
  const seconds = Math.min(SECONDS, truth.durationS);

  // Decode cost at each size: a camera stream of that size encoded as capture-node's re-encode does, then decoded.
  const encoded = new Map<number, string>();
  const decodeCpu = new Map<number, number>();
  for (const w of WIDTHS) {
    const out = `/tmp/analysis-bench-${w}.mp4`;
    ffmpegCpu(['-y', '-t', String(seconds), '-i', r.video, '-vf', `scale=${w}:-2`, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-g', '15', '-an', out]);
    encoded.set(w, out);
    decodeCpu.set(w, ffmpegCpu(['-threads', '1', '-i', out, '-f', 'null', '-']) / seconds);
  }
  // What capture-node pays to make one analysis stream from the main stream (decode + scale + encode).
  const full = encoded.get(Math.max(...WIDTHS))!;
  const makeCpu = new Map<number, number>();
  for (const w of WIDTHS.filter((x) => x < Math.max(...WIDTHS)))
    makeCpu.set(w, ffmpegCpu(['-threads', '1', '-i', full, '-vf', `scale=${w}:-2:flags=fast_bilinear,fps=${FPS}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-threads', '1', '-f', 'null', '-']) / seconds);

  const scores: Score[] = [];
  for (const w of WIDTHS) {
    const a = await startChromiumAnalyser({ models: ModelsConfig.parse({ backend: 'wasm' }) });
    try {
      const t0 = performance.now();
      const rep = await analyseFile(r.video, a, { fps: FPS, maxSeconds: seconds, maxWidth: w });
      const ms = (performance.now() - t0) / Math.max(1, rep.frames);
      scores.push(score(w, truth, seconds, rep.persons, ms));
      console.log(`  width ${w}: ${rep.frames} frames, ${rep.persons.length} people, ${ms.toFixed(0)} ms/frame; ${rep.persons.filter((p) => p.reps > 0).map((p) => `${p.exercise}×${p.reps}`).join(', ')}`);
    } finally {
      await a.close();
    }
  }

  console.log('\nwidth | exercising people | exact | within ±1 | mean |err| | false reps | perception ms/frame | decode CPU s/s | make-stream CPU s/s');
  for (const s of scores)
    console.log(
      `${String(s.width).padStart(5)} | ${s.people} | ${s.exact} | ${s.within1} | ${s.meanAbsErr.toFixed(2)} | ${s.falseReps} | ${s.msPerFrame.toFixed(0)} | ${decodeCpu.get(s.width)!.toFixed(3)} | ${makeCpu.has(s.width) ? makeCpu.get(s.width)!.toFixed(3) : '—'}`,
    );
  const ref = scores.find((s) => s.width === Math.max(...WIDTHS))!;
  for (const s of scores.filter((x) => x !== ref)) {
    headline({
      metric: `rendered demo gym reps within ±1 at ${s.width} px`,
      value: s.within1,
      unit: `of ${s.people}`,
      reference: { label: `${ref.width} px`, value: ref.within1 },
      note: `mean |err| ${s.meanAbsErr.toFixed(2)} vs ${ref.meanAbsErr.toFixed(2)}`,
    });
    headline({
      metric: `perception time per frame at ${s.width} px`,
      value: Math.round((s.msPerFrame / ref.msPerFrame) * 100) / 100,
      unit: `× of ${ref.width} px`,
      note: `${s.msPerFrame.toFixed(0)} vs ${ref.msPerFrame.toFixed(0)} ms; decode ${(decodeCpu.get(s.width)! / decodeCpu.get(ref.width)!).toFixed(2)}×; making the stream ${makeCpu.get(s.width)!.toFixed(3)} CPU s/s`,
    });
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
