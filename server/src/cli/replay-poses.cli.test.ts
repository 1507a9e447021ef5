import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePosesFile } from '@gym/shared/poses/gym-poses-file.ts';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { replayText } from './replay-poses.cli.ts';

const root = new URL('../../../', import.meta.url).pathname;
const run = promisify(execFile);

// Fixtures are generated at test time (gym.poses/1 files written with the shared writer), never committed.
let dir: string;
const files: Record<string, string> = {};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gym-replay-'));
  const squat = generateSequence({ motion: 'squat', seed: 1, yaw: 50, reps: 6, fps: 25, headerFps: 30 });
  const curl = generateSequence({ motion: 'biceps_curl', seed: 2, yaw: 20, reps: 9, normalise: 'box' });
  files.squat = join(dir, 'squat.poses.jsonl');
  files.curl = join(dir, 'curl.poses.jsonl');
  await writePosesFile(files.squat, squat.headerFps, squat.frames);
  await writePosesFile(files.curl, curl.headerFps, curl.frames);
  files.bad = join(dir, 'bad.poses.jsonl');
  writeFileSync(files.bad, '{"format":"gym.poses/1","fps":30,"skeleton":"mediapipe-33"}\n{"t":0,"kp":null}\n{"t":33,"kp":[[1,2,3]]}\n');
  files.empty = join(dir, 'empty.poses.jsonl');
  writeFileSync(files.empty, '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npx gym replay-poses', () => {
  it('prints one JSON line per file, reports a malformed file on stderr and still runs the others', async () => {
    const rel = (p: string) => p; // paths are echoed exactly as given
    const args = ['gym', 'replay-poses', rel(files.squat!), rel(files.bad!), rel(files.curl!), join(dir, 'missing.jsonl')];
    const r = await run('npx', args, { cwd: root }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect('code' in r ? r.code : 0).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => [o.file, o.exercise, o.reps])).toEqual([
      [files.squat, 'squat', 6],
      [files.curl, 'biceps_curl', 9],
    ]);
    for (const o of out) expect(Number.isInteger(o.reps)).toBe(true);
    const err = r.stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(err).toEqual([
      { file: files.bad, error: 'line 3: "kp" must have 33 landmarks, got 1' },
      { file: join(dir, 'missing.jsonl'), error: 'no such file' },
    ]);
  });

  it('--events prints every event with its file', async () => {
    const { stdout } = await run('node', ['server/bin/gym.mjs', 'replay-poses', '--events', files.curl!], { cwd: root });
    const events = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(new Set(events.map((e) => e.file))).toEqual(new Set([files.curl]));
    expect(events.filter((e) => e.type === 'rep')).toHaveLength(9);
    expect(events.at(-1)).toMatchObject({ type: 'set.ended', exercise: 'biceps_curl', reps: 9 });
  });
});

describe('replayText', () => {
  it('accepts CRLF, blank lines and extra fields; an empty file is an error', () => {
    const seq = generateSequence({ motion: 'jumping_jack', seed: 4, yaw: 0, reps: 10 });
    const lines = ['{"format":"gym.poses/1","fps":30,"skeleton":"mediapipe-33","source":"test"}', ''];
    for (const f of seq.frames) lines.push(JSON.stringify({ ...f, extra: 1 }));
    const [line] = replayText(lines.join('\r\n') + '\r\n', 'x', false);
    expect(JSON.parse(line!)).toMatchObject({ file: 'x', exercise: 'jumping_jack', reps: 10 });
    expect(() => replayText('', 'y', false)).toThrow(/empty file/);
  });

  it('keeps people apart when frames carry a "person" field', () => {
    const a = generateSequence({ motion: 'squat', seed: 6, yaw: 45, reps: 5 });
    const b = generateSequence({ motion: 'lateral_raise', seed: 7, yaw: 0, reps: 7 });
    const frames = [...a.frames.map((f) => ({ ...f, person: 1 })), ...b.frames.map((f) => ({ ...f, person: 2 }))].sort((x, y) => x.t - y.t);
    const text = ['{"format":"gym.poses/1","fps":30,"skeleton":"mediapipe-33"}', ...frames.map((f) => JSON.stringify(f))].join('\n');
    const events = replayText(text, 'two', true).map((l) => JSON.parse(l));
    const ended = events.filter((e) => e.type === 'set.ended').map((e) => [e.personId, e.exercise, e.reps]);
    expect(ended.sort()).toEqual([['1', 'squat', 5], ['2', 'lateral_raise', 7]]);
  });

  it('names the line of a bad timestamp', () => {
    expect(() => replayText('{"format":"gym.poses/1","fps":30,"skeleton":"mediapipe-33"}\n{"t":"soon","kp":null}\n', 'z', false)).toThrow(/line 2: "t" must be a finite number/);
  });
});
