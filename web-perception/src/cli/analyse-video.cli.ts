/**
 * `npx gym analyse-video FILE...` — runs the perception pipeline (the worker's models and tracker, in headless
 * Chromium) over video files decoded by ffmpeg at the analysis rate, stitches each person's tracks, feeds their
 * skeletons to the exercise engine and prints one JSON line per person per file (person 1 = seen longest):
 *
 *   {"file":"<path as given>","person":1,"exercise":"squat","reps":12,"sets":1,"confidence":0.8,"setReps":[12],
 *    "formIssues":{},"firstS":0.4,"lastS":41.2,"frames":402,"trackIds":[1]}
 *
 * A file where nobody is found gives one line with "person":null and "reps":0. A file that cannot be read gives
 * {"file":...,"error":"..."} on stderr and the other files still run (exit code 1 at the end).
 *
 * Options: --poses DIR (write each person's gym.poses/1 recording as DIR/<stem>.person<N>.poses.jsonl),
 *          --fps N (analysis rate, default 10, never above the file's rate), --max-seconds N,
 *          --config PATH (models.* from the gym config; default config/gym.yaml when present),
 *          --pose lite|full|heavy, --backend auto|webgpu|webgl|wasm, --progress (per-frame progress on stderr),
 *          --detect-every N (person detector on every N-th frame, pose tracking in between; default 1),
 *          --new-track-score S (detector score that starts a new track; default the config's
 *          `analysis.newTrackScore`, else the tracker's 0.6), --rules-only (no learned namer: the sets the
 *          rules cannot name stay unnamed; by default the exercise TCN names them, as in the server).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadGymConfig, ModelsConfig } from '@gym/shared/config/gym-config.ts';
import { createLogger } from '@gym/shared/logger.ts';
import { startChromiumAnalyser, type FrameAnalyser } from './analyse-video/analyse-harness.ts';
import { analyseFile, type PersonResult } from './analyse-video/analyse-file.ts';
import type { SetNamer } from '@gym/exercise/learned-namer.ts';
import { defaultTcnNamer } from '../../../ml/exercise/tcn-namer.ts';

const USAGE =
  'usage: npx gym analyse-video [--poses DIR] [--fps N] [--max-seconds N] [--config PATH] [--pose lite|full|heavy] [--backend auto|webgpu|webgl|wasm] [--detect-every N] [--new-track-score S] [--rules-only] [--progress] FILE...';

export interface RunDeps {
  /** Replaces the learned namer (tests); default the exercise TCN unless --rules-only. */
  namer?: SetNamer | null;
  /** Replaces the Chromium analyser (tests). */
  analyser?: () => Promise<FrameAnalyser>;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export async function run(argv: string[], deps: RunDeps = {}): Promise<number> {
  const out = deps.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const err = deps.err ?? ((l: string) => process.stderr.write(l + '\n'));
  // stdout carries the JSON lines only: logs go to stderr.
  const log = createLogger('gym-analyse-video', { transport: { target: 'pino/file', options: { destination: 2 } } }).child({ module: 'analyse-video-cli' });
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        poses: { type: 'string' },
        fps: { type: 'string', default: '10' },
        'max-seconds': { type: 'string' },
        config: { type: 'string' },
        pose: { type: 'string' },
        backend: { type: 'string' },
        'detect-every': { type: 'string', default: '1' },
        'new-track-score': { type: 'string' },
        progress: { type: 'boolean', default: false },
        'rules-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err(`gym analyse-video: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals: files } = args;
  if (values.help) {
    err(USAGE);
    return 0;
  }
  if (files.length === 0) {
    err(`gym analyse-video: no video files given\n${USAGE}`);
    return 2;
  }
  const fps = Number(values.fps);
  if (!(fps > 0 && fps <= 60)) {
    err(`gym analyse-video: --fps must be a number in (0, 60], got ${values.fps}\n${USAGE}`);
    return 2;
  }
  const maxSeconds = values['max-seconds'] === undefined ? undefined : Number(values['max-seconds']);
  if (maxSeconds !== undefined && !(maxSeconds > 0)) {
    err(`gym analyse-video: --max-seconds must be a positive number\n${USAGE}`);
    return 2;
  }
  const detectEvery = Number(values['detect-every']);
  if (!Number.isInteger(detectEvery) || detectEvery < 1 || detectEvery > 30) {
    err(`gym analyse-video: --detect-every must be an integer in [1, 30]\n${USAGE}`);
    return 2;
  }
  let newTrackScore = values['new-track-score'] === undefined ? undefined : Number(values['new-track-score']);
  if (newTrackScore !== undefined && !(newTrackScore >= 0.2 && newTrackScore <= 0.95)) {
    err(`gym analyse-video: --new-track-score must be a number in [0.2, 0.95]\n${USAGE}`);
    return 2;
  }
  let namer: SetNamer | null = null;
  try {
    namer = values['rules-only'] ? null : deps.namer !== undefined ? deps.namer : defaultTcnNamer();
  } catch (e) {
    err(`gym analyse-video: the exercise namer did not load (${(e as Error).message}); naming by the rules alone`);
  }
  let analyser: FrameAnalyser;
  try {
    if (deps.analyser) analyser = await deps.analyser();
    else {
      const configPath = values.config ?? (existsSync('config/gym.yaml') ? 'config/gym.yaml' : undefined);
      const gym = configPath ? loadGymConfig(configPath) : null;
      let models = gym ? gym.models : ModelsConfig.parse({});
      newTrackScore ??= gym?.analysis.newTrackScore;
      models = ModelsConfig.parse({ ...models, ...(values.backend ? { backend: values.backend } : {}), ...(values.pose ? { pose: values.pose } : {}) });
      analyser = await startChromiumAnalyser({
        models,
        roles: ['detector', 'pose'],
        onConsole: (l) => l.startsWith('pageerror') && log.warn({ page: l }, 'page error'),
      });
    }
  } catch (e) {
    err(`gym analyse-video: cannot start the perception page: ${(e as Error).message}`);
    return 1;
  }
  log.info({ backend: analyser.backend, models: analyser.models, files: files.length, fps }, 'perception ready');
  let failed = 0;
  try {
    for (const file of files) {
      const t0 = performance.now();
      try {
        const rep = await analyseFile(file, analyser, {
          fps,
          detectEvery,
          namer,
          ...(newTrackScore ? { tracker: { newTrackScore } } : {}),
          ...(maxSeconds ? { maxSeconds } : {}),
          ...(values.poses ? { posesDir: values.poses } : {}),
          ...(values.progress ? { onFrame: (i: number, n: number) => (i % 10 === 0 ? err(`${file}: frame ${i + 1}/${n}`) : undefined) } : {}),
        });
        const lines: Partial<PersonResult>[] = rep.persons.length
          ? rep.persons
          : [{ file, person: null, exercise: null, reps: 0, sets: 0, confidence: 0, setReps: [], formIssues: {}, firstS: null, lastS: null, frames: 0, trackIds: [] }];
        for (const l of lines) out(JSON.stringify(l));
        const s = (performance.now() - t0) / 1000;
        log.info({ file, frames: rep.frames, fps: rep.fps, persons: rep.persons.length, seconds: Math.round(s * 10) / 10, analysedFps: Math.round((rep.frames / s) * 10) / 10, stageMs: rep.stageMs }, 'file analysed');
      } catch (e) {
        failed++;
        err(JSON.stringify({ file, error: (e as Error).message }));
      }
    }
  } finally {
    await analyser.close();
  }
  return failed ? 1 : 0;
}
