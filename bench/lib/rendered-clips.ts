/**
 * Rendered clips for the footage benches (pose-accuracy, exercise-counts-rendered): each clip of the coverage set
 * (or any built-in scene) rendered once (cached by the renderer), then run through the analysis pipeline of
 * `npx gym analyse-video` (its library function, `analyseFile`: decode → NanoDet → tracker → MediaPipe pose in
 * headless Chromium → people stitched) with each person's poses kept. The poses are cached too, under
 * `$GYM_CACHE/footage/analysed/`, keyed by the clip's scene hash, the perception sources and the models config,
 * so the second bench (or a rerun after an engine change) does not analyse again. `BENCH_FRESH=1` ignores it.
 *
 * Clips: `BENCH_CLIPS` (comma-separated names, `cov-squat-*` globs; default the whole coverage set and its negatives).
 * `BENCH_CACHED_ONLY=1`: only the clips already analysed with this pipeline (tables from a partial run).
 * `BENCH_STALE_OK=1`: also clips analysed from an earlier render (the renderer changed since; said per clip).
 * `BENCH_PIPELINE=<key>`: the analyses of another version of the perception sources (the key is printed at start).
 * Tracker: `BENCH_NEW_TRACK_SCORE` (else the gym config's `analysis.newTrackScore`, else the tracker's default).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FootageTruth, parseFootageLandmarks, type FootageLandmarks, type PoseFrame } from '@gym/shared';
import { loadGymConfig, ModelsConfig } from '@gym/shared/config/gym-config.ts';
import { loadPosesFile } from '@gym/shared/poses/gym-poses-file.ts';
import { startChromiumAnalyser, type FrameAnalyser } from '../../web-perception/src/cli/analyse-video/analyse-harness.ts';
import { analyseFile, type PersonResult } from '../../web-perception/src/cli/analyse-video/analyse-file.ts';
import type { ByteTrackerOptions } from '../../web-perception/src/tracking/byte-tracker.ts';
import { coverageScenes, negativeScenes } from '../../footage/src/coverage/coverage-scenes.ts';
import { footageCacheDir, renderedUpToDate, renderScene } from '../../footage/src/render.ts';
import { allScenes } from '../../footage/src/scenes/index.ts';
import { matchTruthPerson } from './pose-error.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** For the up-front estimate only: frames/s of one 640×480 clip measured under load (docs/footage.md). */
const RENDER_FPS_GUESS = 3;

export interface AnalysedPerson { result: PersonResult; frames: PoseFrame[]; startS: number }
export interface AnalysedClip {
  name: string;
  /** From the coverage set; null for other scenes. */
  exercise: string | null;
  view: string | null;
  tempo: string | null;
  truth: FootageTruth;
  landmarks: FootageLandmarks;
  persons: AnalysedPerson[];
  /** Seconds spent analysing (0 when read from the cache). */
  analyseS: number;
}

/** Names from BENCH_CLIPS (globs expanded), else the coverage set. */
export function clipNames(env = process.env['BENCH_CLIPS']): string[] {
  const all = [...allScenes().keys()];
  if (!env) return [...coverageScenes(), ...negativeScenes()].map((c) => c.scene.name);
  return env.split(',').map((s) => s.trim()).filter(Boolean).flatMap((n) => {
    const hits = n.endsWith('*') ? all.filter((a) => a.startsWith(n.slice(0, -1))) : all.filter((a) => a === n);
    if (!hits.length) throw new Error(`BENCH_CLIPS: no scene named ${n}`);
    return hits;
  });
}

function sourcesHash(dir: string, h = createHash('sha256')): ReturnType<typeof createHash> {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) sourcesHash(p, h);
    else if (f.endsWith('.ts') && !f.endsWith('.test.ts')) h.update(p.slice(ROOT.length)).update(readFileSync(p));
  }
  return h;
}

export interface AnalyseOptions { fps?: number; tracker?: Partial<ByteTrackerOptions>; log?: (l: string) => void }

export async function renderedClips(names: string[], o: AnalyseOptions = {}): Promise<AnalysedClip[]> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const fps = o.fps ?? 10;
  const scenes = allScenes();
  const cov = new Map(coverageScenes().map((c) => [c.scene.name, c]));
  const outDir = footageCacheDir();
  const cacheDir = join(outDir, '..', 'analysed');
  mkdirSync(cacheDir, { recursive: true });
  const cfgPath = join(ROOT, 'config/gym.yaml');
  const gym = existsSync(cfgPath) ? loadGymConfig(cfgPath) : null;
  const models = gym?.models ?? ModelsConfig.parse({});
  // What `npx gym analyse-video` would use: the config's analysis.newTrackScore unless the caller says.
  const envScore = Number(process.env['BENCH_NEW_TRACK_SCORE'] ?? NaN);
  const newTrackScore = Number.isFinite(envScore) ? envScore : gym?.analysis.newTrackScore;
  const tracker = o.tracker ?? (newTrackScore ? { newTrackScore } : {});
  const ownKey = sourcesHash(join(ROOT, 'web-perception/src')).update(JSON.stringify({ models, fps, tracker })).digest('hex').slice(0, 12);
  // BENCH_PIPELINE=<key>: measure from the analyses an earlier version of the perception sources made (e.g. an
  // engine change measured on clips analysed before an unrelated perception commit); said in the output.
  const pipelineKey = process.env['BENCH_PIPELINE'] || ownKey;
  log(pipelineKey === ownKey ? `[bench] analysis pipeline ${ownKey}` : `[bench] analyses of pipeline ${pipelineKey} (these sources are ${ownKey})`);
  let analyser: FrameAnalyser | null = null;
  const clips: AnalysedClip[] = [];
  // Clips missing from the render cache are rendered first, with progress: say how many and roughly how long.
  const missing = process.env['BENCH_STALE_OK'] || process.env['BENCH_CACHED_ONLY'] ? [] : names.filter((n) => !renderedUpToDate(scenes.get(n)!, outDir).upToDate);
  const missingFrames = missing.reduce((a, n) => a + renderedUpToDate(scenes.get(n)!, outDir).frames, 0);
  if (missing.length) log(`[bench] ${missing.length} of ${names.length} clips are not rendered yet: ${missingFrames} frames to render (≈ ${Math.ceil(missingFrames / RENDER_FPS_GUESS / 60)} min at ${RENDER_FPS_GUESS} frames/s, the rate on a loaded 2-core machine), cached in ${outDir}`);
  let rendered = 0;
  try {
    for (const name of names) {
      // BENCH_STALE_OK=1: a clip whose earlier render (truth, landmarks) and analysis by this pipeline are still in
      // the cache is measured from them, even if the renderer has changed since (said in the output).
      // BENCH_CACHED_ONLY=1 never renders: the clip's last render and its analysis by this pipeline, or nothing.
      const stale = process.env['BENCH_STALE_OK'] || process.env['BENCH_CACHED_ONLY'] ? staleClip(name, outDir, cacheDir, pipelineKey) : null;
      if (stale) {
        const c = cov.get(name);
        clips.push({ name, exercise: c?.exercise ?? null, view: c?.view ?? null, tempo: c?.tempo ?? null, ...stale, analyseS: 0 });
        if (process.env['BENCH_STALE_OK']) log(`[bench] ${name}: the last render and its analysis (the renderer may have changed since)`);
        continue;
      }
      if (process.env['BENCH_CACHED_ONLY']) continue;
      const todo = missing.includes(name);
      if (todo) log(`[bench] rendering ${++rendered}/${missing.length}: ${name}`);
      const r = await renderScene(scenes.get(name)!, outDir, todo ? (l) => log(`[bench]   ${l.trim()}`) : undefined);
      if (!r.cached) log(`[bench] rendered ${name} in ${r.seconds.toFixed(0)} s (${r.fps.toFixed(1)} frames/s)`);
      const truth = FootageTruth.parse(JSON.parse(readFileSync(r.truth, 'utf8')));
      const landmarks = parseFootageLandmarks(readFileSync(r.landmarks, 'utf8'));
      const cacheFile = join(cacheDir, `${name}.${truth.sceneHash}.${pipelineKey}.json`);
      const c = cov.get(name);
      const base = { name, exercise: c?.exercise ?? null, view: c?.view ?? null, tempo: c?.tempo ?? null, truth, landmarks };
      if (existsSync(cacheFile) && !process.env['BENCH_FRESH']) {
        clips.push({ ...base, persons: JSON.parse(readFileSync(cacheFile, 'utf8')) as AnalysedPerson[], analyseS: 0 });
        continue;
      }
      if (process.env['BENCH_CACHED_ONLY']) continue;
      analyser ??= await startChromiumAnalyser({ models, roles: ['detector', 'pose'] });
      const posesDir = mkdtempSync(join(tmpdir(), 'gym-bench-poses-'));
      const t0 = performance.now();
      try {
        const rep = await analyseFile(r.video, analyser, { fps, posesDir, tracker });
        const persons: AnalysedPerson[] = [];
        for (const p of rep.persons) {
          const poses = await loadPosesFile(p.posesFile!);
          persons.push({ result: { ...p, posesFile: undefined } as PersonResult, frames: poses.frames, startS: p.firstS ?? 0 });
        }
        const analyseS = (performance.now() - t0) / 1000;
        log(`[bench] analysed ${name}: ${rep.frames} frames in ${analyseS.toFixed(0)} s, ${persons.length} people`);
        writeFileSync(cacheFile, JSON.stringify(persons));
        clips.push({ ...base, persons, analyseS });
      } finally {
        rmSync(posesDir, { recursive: true, force: true });
      }
    }
  } finally {
    await analyser?.close();
  }
  return clips;
}

/** An earlier render's truth and landmarks with this pipeline's analysis of it, or null. */
function staleClip(name: string, outDir: string, cacheDir: string, pipelineKey: string): Pick<AnalysedClip, 'truth' | 'landmarks' | 'persons'> | null {
  const truthFile = join(outDir, `${name}.truth.json`), lmFile = join(outDir, `${name}.landmarks.jsonl`);
  if (!existsSync(truthFile) || !existsSync(lmFile)) return null;
  const truth = FootageTruth.parse(JSON.parse(readFileSync(truthFile, 'utf8')));
  const cacheFile = join(cacheDir, `${name}.${truth.sceneHash}.${pipelineKey}.json`);
  if (!existsSync(cacheFile)) return null;
  return { truth, landmarks: parseFootageLandmarks(readFileSync(lmFile, 'utf8')), persons: JSON.parse(readFileSync(cacheFile, 'utf8')) as AnalysedPerson[] };
}

/** The reps a counter should count for a person of the truth file. */
export function truthReps(truth: FootageTruth, personId?: string): { exercise: string | null; reps: number } {
  const p = personId ? truth.people.find((x) => x.id === personId) : truth.people.find((x) => x.role === 'exercising');
  const reps = p?.sets.flatMap((s) => s.reps).filter((r) => r.counted).length ?? 0;
  return { exercise: p?.sets[0]?.exercise ?? null, reps };
}

/** A plain fixed-width table. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

/** A clip's analysed people by the truth person each one is (matched by hip position), longest track first. */
export function personsByTruth(c: AnalysedClip): Map<string, AnalysedPerson[]> {
  const byTruth = new Map<string, AnalysedPerson[]>();
  for (const p of c.persons) {
    const id = matchTruthPerson(c.landmarks, p.frames, p.startS);
    if (id) byTruth.set(id, [...(byTruth.get(id) ?? []), p]);
  }
  for (const list of byTruth.values()) list.sort((a, b) => b.result.frames - a.result.frames);
  return byTruth;
}
