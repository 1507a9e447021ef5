import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANDMARK_COUNT, type PoseFrame } from '@gym/shared';
import { loadPosesFile } from '@gym/shared/poses/gym-poses-file.ts';
import { createExerciseEngine, summarise } from '@gym/exercise';
import { generateSequence } from '@gym/exercise/testing/generator.ts';
import { run } from '../analyse-video.cli.ts';
import type { FrameAnalyser } from './analyse-harness.ts';
import { analyseFile } from './analyse-file.ts';
import { startChromiumAnalyser } from './analyse-harness.ts';
import { ModelsConfig } from '@gym/shared/config/gym-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'gym-analyse-'));
function clip(name: string, seconds: number): string {
  const f = join(dir, name);
  execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=gray:size=96x64:rate=10`, '-t', String(seconds), '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', f]);
  return f;
}

/** A stand-in for the Chromium page: "sees" a generated squatter (track 7) and a passer-by (track 9, 0.4 s). */
function scriptedAnalyser(seq: PoseFrame[]): FrameAnalyser & { frames: number; trackers: unknown[] } {
  const byT = new Map(seq.map((f) => [Math.round(f.t / 100) * 100, f.kp]));
  const a = {
    backend: 'fake',
    models: { detector: 'scripted' },
    poseWorkers: 0,
    frames: 0,
    trackers: [] as unknown[],
    async begin(tracker?: unknown) {
      a.trackers.push(tracker);
    },
    async detect() {
      return [];
    },
    async analyse(frame: { t: number }) {
      a.frames++;
      const kp = byT.get(Math.round(frame.t / 100) * 100) ?? null;
      const tracks = [];
      if (kp) tracks.push({ trackId: 7, box: { x: 20, y: 5, w: 30, h: 55 }, score: 0.9, skeleton: kp.flat() });
      if (frame.t >= 1000 && frame.t < 1400) tracks.push({ trackId: 9, box: { x: 70, y: 5, w: 20, h: 50 }, score: 0.8, skeleton: kp ? kp.flat() : null });
      return { tracks, stageMs: { detect: 1, pose: 2 } };
    },
    async close() {},
  };
  return a;
}

describe('npx gym analyse-video (scripted perception, real decoder and exercise engine)', () => {
  // A 10 fps squat recording from the engine's own generator; the CLI's result must equal replaying it directly.
  const gen = generateSequence({ motion: 'squat', seed: 5, reps: 6, sets: 1, fps: 10, idleMs: 1500, timeJitter: 0 });
  const seconds = Math.ceil(gen.frames[gen.frames.length - 1]!.t / 1000) + 1;
  const video = clip('squats.mp4', seconds);

  it('prints one line per person with the engine result and writes gym.poses/1 recordings', async () => {
    const lines: string[] = [];
    const errs: string[] = [];
    const analyser = scriptedAnalyser(gen.frames);
    const posesDir = join(dir, 'poses');
    const code = await run(['--poses', posesDir, '--fps', '10', video], { analyser: async () => analyser, out: (l) => lines.push(l), err: (l) => errs.push(l) });
    expect(code).toBe(0);
    expect(analyser.frames).toBe(seconds * 10);
    expect(lines).toHaveLength(1); // the passer-by (0.4 s) is not a person of this clip
    const line = JSON.parse(lines[0]!);

    const engine = createExerciseEngine();
    const events = gen.frames.flatMap((f) => engine.push('p', f.t, f.kp));
    events.push(...engine.flush('p'));
    const direct = summarise(events);
    expect(line).toMatchObject({ file: video, person: 1, exercise: direct.exercise, reps: direct.reps, sets: direct.sets.length, trackIds: [7] });
    expect(typeof line.reps).toBe('number');
    expect(line.reps).toBeGreaterThan(0);

    const rec = await loadPosesFile(line.posesFile);
    expect(rec.header).toMatchObject({ format: 'gym.poses/1', fps: 10, skeleton: 'mediapipe-33' });
    expect(rec.frames.filter((f) => f.kp).length).toBe(line.frames);
    expect(rec.frames[0]!.t).toBe(0);
    expect(rec.frames[0]!.kp).toHaveLength(LANDMARK_COUNT);
  });

  it('gives a person:null line for a clip with nobody, an error line for an unreadable file, and goes on', async () => {
    const empty = clip('empty.mp4', 1);
    const lines: string[] = [];
    const errs: string[] = [];
    const code = await run([join(dir, 'nope.mp4'), empty], { analyser: async () => scriptedAnalyser([]), out: (l) => lines.push(l), err: (l) => errs.push(l) });
    expect(code).toBe(1);
    expect(errs.map((e) => JSON.parse(e))).toEqual([{ file: join(dir, 'nope.mp4'), error: expect.stringContaining('nope.mp4') }]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ file: empty, person: null, exercise: null, reps: 0, sets: 0 })]);
  });

  it('hands --new-track-score to the tracker', async () => {
    const analyser = scriptedAnalyser(gen.frames);
    expect(await run(['--new-track-score', '0.45', '--max-seconds', '1', video], { analyser: async () => analyser, out: () => {}, err: () => {} })).toBe(0);
    expect(analyser.trackers).toEqual([expect.objectContaining({ newTrackScore: 0.45, frameIntervalMs: 100 })]);
  });

  it('names the sets the rules cannot name with the learned namer, as the server does; --rules-only leaves them unnamed', async () => {
    const unknown = generateSequence({ motion: 'side_leg_raise', seed: 3, reps: 8, sets: 1, fps: 10, idleMs: 1500, timeJitter: 0 });
    const v = clip('leg-raises.mp4', Math.ceil(unknown.frames.at(-1)!.t / 1000) + 1);
    const asked: number[] = [];
    const namer = { id: 'fake-namer', name: (frames: readonly PoseFrame[]) => (asked.push(frames.length), 'lateral_raise') };
    const withNamer: string[] = [];
    expect(await run([v], { analyser: async () => scriptedAnalyser(unknown.frames), namer, out: (l) => withNamer.push(l), err: () => {} })).toBe(0);
    const named = JSON.parse(withNamer[0]!);
    expect(named.reps).toBeGreaterThan(3);
    expect(named).toMatchObject({ exercise: 'lateral_raise', namedBy: 'fake-namer' });
    expect(asked.length).toBeGreaterThan(0);
    const rulesOnly: string[] = [];
    expect(await run(['--rules-only', v], { analyser: async () => scriptedAnalyser(unknown.frames), namer, out: (l) => rulesOnly.push(l), err: () => {} })).toBe(0);
    const rules = JSON.parse(rulesOnly[0]!);
    expect(rules).toMatchObject({ exercise: null, reps: named.reps });
    expect(rules.namedBy).toBeUndefined();
  });

  it('refuses bad options with the usage', async () => {
    const errs: string[] = [];
    expect(await run([], { err: (l) => errs.push(l) })).toBe(2);
    expect(await run(['--fps', '0', video], { err: (l) => errs.push(l) })).toBe(2);
    expect(errs.join('\n')).toMatch(/--fps must be/);
    expect(await run(['--new-track-score', '1.5', video], { err: (l) => errs.push(l) })).toBe(2);
    expect(errs.join('\n')).toMatch(/--new-track-score must be/);
    expect(errs.join('\n')).toMatch(/usage: npx gym analyse-video/);
  });
});

const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
const MODELS = join(import.meta.dirname, '../../../../models/manifest.json');
const ready = existsSync(VTEST) && existsSync(MODELS) && existsSync('/usr/bin/chromium');

describe.skipIf(!ready)('analyse-video on real footage with the real models in Chromium', () => {
  it('finds and tracks the pedestrians of vtest.avi with skeletons on them', async () => {
    const analyser = await startChromiumAnalyser({ models: ModelsConfig.parse({}), roles: ['detector', 'pose'] });
    try {
      expect(analyser.models).toMatchObject({ detector: expect.any(String), pose: expect.any(String) });
      const rep = await analyseFile(VTEST, analyser, { fps: 5, maxSeconds: 0.6, persons: { minSeconds: 0.4 } });
      expect(rep.frames).toBe(3);
      // Hand-checked: at least three pedestrians are fully in view during the first second of vtest.avi.
      expect(rep.persons.length).toBeGreaterThanOrEqual(3);
      for (const p of rep.persons) expect(p.frames).toBeGreaterThanOrEqual(2);
    } finally {
      await analyser.close();
    }
  }, 120_000);
});
