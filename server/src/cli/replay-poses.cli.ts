/**
 * `npx gym replay-poses FILE...`: runs the exercise engine over `gym.poses/1` recordings.
 *
 * stdout, one JSON line per file: {"file":"<path as given>","exercise":"<name or null>","reps":<int>,...}
 * With --events, every engine event instead (each with "file"). A malformed file gives one error line on stderr
 * ({"file":...,"error":...}) and the other files still run; the exit code is then 1.
 *
 * Fast path: each file is read whole; frame lines of the usual shape are scanned by a small number parser
 * straight into a Float64Array (JSON.parse of 33 nested arrays costs more than the engine itself), anything else
 * goes through JSON.parse and the full checks. With many files, worker threads share them (results still print
 * in argument order).
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Command } from 'commander';
import { LANDMARK_COUNT, parsePosesHeader, PoseFileError } from '@gym/shared';
import { createExerciseEngine, summarise, type ExerciseEngineOptions, type ExerciseEvent } from '@gym/exercise';

export interface ReplayResult {
  /** The line for stdout (summary), or the event lines. */
  lines: string[];
  error?: string;
}

const FLAT = LANDMARK_COUNT * 4;

const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i);


const fast = { t: 0, kp: false };
/** Index after the last number read by `numAt` (NaN result = not a JSON number there). */
let numEnd = 0;

function numAt(b: Uint8Array, i: number, end: number): number {
  while (i < end && (b[i] === 32 || b[i] === 9)) i++;
  const start = i;
  let neg = false;
  let c = b[i]!;
  if (c === 45) { neg = true; c = b[++i]!; }
  if (!(c >= 48 && c <= 57) || i >= end) return NaN;
  if (c === 48 && b[i + 1]! >= 48 && b[i + 1]! <= 57) return NaN; // JSON forbids leading zeros
  let m = 0, digits = 0, frac = 0;
  while (i < end && c >= 48 && c <= 57) { m = m * 10 + (c - 48); digits++; c = b[++i]!; }
  if (i < end && c === 46) {
    c = b[++i]!;
    if (!(c >= 48 && c <= 57) || i >= end) return NaN;
    while (i < end && c >= 48 && c <= 57) { m = m * 10 + (c - 48); digits++; frac++; c = b[++i]!; }
  }
  let e = 0;
  if (i < end && (c === 101 || c === 69)) {
    c = b[++i]!;
    let eneg = false;
    if (c === 43 || c === 45) { eneg = c === 45; c = b[++i]!; }
    if (!(c >= 48 && c <= 57) || i >= end) return NaN;
    while (i < end && c >= 48 && c <= 57) { e = e * 10 + (c - 48); c = b[++i]!; }
    if (eneg) e = -e;
  }
  numEnd = i;
  const p = e - frac;
  // Up to 15 significant digits and a small exponent this is exact enough; beyond, let Number() round.
  if (digits <= 15 && p > -23 && p < 23) {
    const v = p >= 0 ? m * POW10[p]! : m / POW10[-p]!;
    return neg ? -v : v;
  }
  return Number(Buffer.from(b.buffer, b.byteOffset + start, i - start).toString('latin1'));
}

const T_KEY = [123, 34, 116, 34]; // {"t"
const KP_KEY = [34, 107, 112, 34]; // "kp"

/**
 * Fast path for the common frame line `{"t":<n>,"kp":null|[[x,y,z,v],...33]}` (spaces allowed between tokens),
 * read straight from the file's bytes: fills `flat`, sets `fast.t` / `fast.kp` and returns true; returns false
 * for any other shape, and the caller then takes the JSON.parse path (which also words the errors). It never
 * accepts a line the strict path would reject.
 */
function parseFrameFast(b: Uint8Array, i: number, end: number, flat: Float64Array): boolean {
  const skip = (): void => { while (i < end && (b[i] === 32 || b[i] === 9)) i++; };
  const tok = (ch: number): boolean => { skip(); if (b[i] !== ch || i >= end) return false; i++; return true; };
  skip();
  if (b[i] !== 123) return false;
  i++;
  skip();
  for (let k = 1; k < 4; k++) if (b[i + k - 1] !== T_KEY[k]) return false;
  i += 3;
  if (!tok(58)) return false;
  const t = numAt(b, i, end);
  if (!Number.isFinite(t)) return false;
  i = numEnd;
  if (!tok(44)) return false;
  skip();
  for (let k = 0; k < 4; k++) if (b[i + k] !== KP_KEY[k]) return false;
  i += 4;
  if (!tok(58)) return false;
  skip();
  if (b[i] === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) {
    i += 4;
    fast.kp = false;
  } else {
    if (!tok(91)) return false;
    for (let k = 0; k < LANDMARK_COUNT; k++) {
      if (k > 0 && !tok(44)) return false;
      if (!tok(91)) return false;
      for (let j = 0; j < 4; j++) {
        if (j > 0 && !tok(44)) return false;
        const v = numAt(b, i, end);
        if (!Number.isFinite(v)) return false;
        i = numEnd;
        flat[4 * k + j] = v;
      }
      if (!tok(93)) return false;
    }
    if (!tok(93)) return false;
    fast.kp = true;
  }
  if (!tok(125)) return false;
  skip();
  if (i !== end) return false;
  fast.t = t;
  return true;
}

/** Parses and replays one recording (text or the file's bytes); throws PoseFileError on the first malformed line. */
export function replayText(input: string | Uint8Array, file: string, events: boolean, opts: ExerciseEngineOptions = {}): string[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const engine = createExerciseEngine(opts);
  const all: ExerciseEvent[] = [];
  const flat = new Float64Array(FLAT);
  let lineNo = 0, header = false, frames = 0, firstT = NaN, lastT = NaN;
  // A UTF-8 byte order mark (some editors and Windows tools write one) is not part of the header line.
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const len = bytes.length;
  const decoder = new TextDecoder();
  while (pos < len) {
    let nl = bytes.indexOf(10, pos);
    if (nl < 0) nl = len;
    let end = nl;
    if (end > pos && bytes[end - 1] === 13) end--;
    const from = pos;
    pos = nl + 1;
    lineNo++;
    if (header && parseFrameFast(bytes, from, end, flat)) {
      const evs = engine.pushFlat('p0', fast.t, fast.kp ? flat : null);
      frames++;
      if (firstT !== firstT) firstT = fast.t;
      lastT = fast.t;
      for (const e of evs) all.push(e);
      continue;
    }
    const line = decoder.decode(bytes.subarray(from, end));
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
    const bytes = await readFile(file);
    return { lines: replayText(bytes, file, events, opts) };
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
