/**
 * `npx gym replay-poses FILE...`: runs the exercise engine over `gym.poses/1` recordings.
 *
 * stdout, one JSON line per file: {"file":"<path as given>","exercise":"<name or null>","reps":<int>,...}
 * With --events, every engine event instead (each with "file"). A malformed file gives one error line on stderr
 * ({"file":...,"error":...}) and the other files still run; the exit code is then 1.
 *
 * Fast path: each file is read whole and parsed line by line with JSON.parse (no per-line streaming machinery);
 * with many files, worker threads share them (results still print in argument order).
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Command } from 'commander';
import { LANDMARK_COUNT, parsePosesHeader, PoseFileError } from '@gym/shared';
import { createExerciseEngine, summarise, type ExerciseEngineOptions, type ExerciseEvent } from '../domain/exercise/index.ts';

export interface ReplayResult {
  /** The line for stdout (summary), or the event lines. */
  lines: string[];
  error?: string;
}

const FLAT = LANDMARK_COUNT * 4;

/** Parses and replays one recording's text; throws PoseFileError on the first malformed line. */
export function replayText(text: string, file: string, events: boolean, opts: ExerciseEngineOptions = {}): string[] {
  const engine = createExerciseEngine(opts);
  const all: ExerciseEvent[] = [];
  const flat = new Float64Array(FLAT);
  let lineNo = 0, pos = 0, header = false, frames = 0, firstT = NaN, lastT = NaN;
  const len = text.length;
  while (pos < len) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const line = text.slice(pos, end);
    pos = nl + 1;
    lineNo++;
    if (line.trim() === '') continue;
    if (!header) {
      parsePosesHeader(line, lineNo);
      header = true;
      continue;
    }
    let f: unknown;
    try {
      f = JSON.parse(line);
    } catch (e) {
      throw new PoseFileError(lineNo, `not valid JSON (${(e as Error).message})`);
    }
    if (f === null || typeof f !== 'object' || Array.isArray(f)) throw new PoseFileError(lineNo, 'expected a JSON object');
    const rec = f as { t?: unknown; kp?: unknown; person?: unknown; id?: unknown };
    const t = rec.t;
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new PoseFileError(lineNo, `"t" must be a finite number of ms, got ${JSON.stringify(t)}`);
    const person = rec.person ?? rec.id;
    const pid = person === undefined || person === null ? 'p0' : String(person);
    const kp = rec.kp;
    let evs: ExerciseEvent[];
    if (kp === null) {
      evs = engine.pushFlat(pid, t, null);
    } else {
      if (!Array.isArray(kp)) throw new PoseFileError(lineNo, '"kp" must be an array of 33 landmarks or null');
      if (kp.length !== LANDMARK_COUNT) throw new PoseFileError(lineNo, `"kp" must have ${LANDMARK_COUNT} landmarks, got ${kp.length}`);
      for (let i = 0; i < LANDMARK_COUNT; i++) {
        const p = kp[i];
        if (!Array.isArray(p) || p.length !== 4) throw new PoseFileError(lineNo, `kp[${i}] must be [x, y, z, visibility]`);
        for (let j = 0; j < 4; j++) {
          const v = p[j];
          if (typeof v !== 'number' || !Number.isFinite(v)) throw new PoseFileError(lineNo, `kp[${i}][${j}] must be a finite number`);
          flat[4 * i + j] = v;
        }
      }
      evs = engine.pushFlat(pid, t, flat);
    }
    frames++;
    if (firstT !== firstT) firstT = t;
    lastT = t;
    for (const e of evs) all.push(e);
  }
  if (!header) throw new PoseFileError(Math.max(lineNo, 1), 'empty file: no gym.poses/1 header');
  for (const e of engine.flush()) all.push(e);
  if (events) return all.map((e) => JSON.stringify({ file, ...e }));
  const s = summarise(all);
  return [JSON.stringify({
    file, exercise: s.exercise, reps: s.reps, confidence: s.confidence, sets: s.sets, formIssues: s.formIssues,
    frames, durationMs: frames ? Math.round(lastT - firstT) : 0,
  })];
}

export async function replayFile(file: string, events: boolean, opts: ExerciseEngineOptions = {}): Promise<ReplayResult> {
  try {
    const text = await readFile(file, 'utf8');
    return { lines: replayText(text, file, events, opts) };
  } catch (e) {
    const msg = e instanceof PoseFileError ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { lines: [], error: JSON.stringify({ file, error: msg }) };
  }
}

/** Runs files on worker threads (each worker loads this module); yields results in argument order. */
async function runParallel(files: string[], events: boolean, opts: ExerciseEngineOptions, workers: number, emit: (r: ReplayResult) => void): Promise<void> {
  const results = new Map<number, ReplayResult>();
  let nextOut = 0, nextIn = 0;
  const flushReady = (): void => {
    while (results.has(nextOut)) { emit(results.get(nextOut)!); results.delete(nextOut); nextOut++; }
  };
  // The worker loads TypeScript through tsx like the main thread does (hooks are not inherited by workers).
  const code = `(async () => {
    const { parentPort, workerData } = require('node:worker_threads');
    const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
    register();
    const { replayFile } = await import(${JSON.stringify(import.meta.url)});
    parentPort.on('message', (m) => {
      replayFile(m.file, workerData.events, workerData.opts).then((result) => parentPort.postMessage({ i: m.i, result }));
    });
  })();`;
  await Promise.all(Array.from({ length: workers }, () => new Promise<void>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { events, opts } });
    const feed = (): void => {
      if (nextIn >= files.length) { void w.terminate().then(() => resolve()); return; }
      const i = nextIn++;
      w.postMessage({ i, file: files[i] });
    };
    w.on('message', (m: { i: number; result: ReplayResult }) => { results.set(m.i, m.result); flushReady(); feed(); });
    w.on('error', reject);
    w.once('online', feed);
  })));
  flushReady();
}

export async function run(argv: string[]): Promise<number> {
  const program = new Command('gym replay-poses')
    .description('count reps in gym.poses/1 recordings: one JSON line per file on stdout')
    .argument('<files...>', 'gym.poses/1 files')
    .option('--events', 'print every event (one JSON line each) instead of one summary line per file')
    .option('--aspect <x>', 'x/y aspect correction to apply instead of estimating it', parseFloat)
    .option('--jobs <n>', 'worker threads (default: cores, for many files)', (v) => parseInt(v, 10))
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const files = program.args;
  const o = program.opts<{ events?: boolean; aspect?: number; jobs?: number }>();
  const opts: ExerciseEngineOptions = o.aspect && o.aspect > 0 ? { aspect: o.aspect } : {};
  const events = !!o.events;
  let failed = 0;
  const out: string[] = [];
  const emit = (r: ReplayResult): void => {
    if (r.error) { failed++; process.stderr.write(r.error + '\n'); }
    for (const l of r.lines) out.push(l);
    if (out.length >= 256) process.stdout.write(out.splice(0).join('\n') + '\n');
  };
  const jobs = Math.max(1, Math.min(o.jobs ?? availableParallelism(), Math.floor(files.length / 4)));
  if (jobs > 1) await runParallel(files, events, opts, jobs, emit);
  else for (const f of files) emit(await replayFile(f, events, opts));
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  return failed ? 1 : 0;
}
