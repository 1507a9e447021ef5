import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@gym/shared/logger.ts';
import { loadPosesFile } from '@gym/shared/poses/gym-poses-file.ts';
import { createExerciseEngine } from '@gym/exercise';
import { PoseRecorder } from './pose-recorder.ts';
import type { SkeletonSink } from '../ingest/ingest.service.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pose-rec-'));
  dirs.push(d);
  return d;
};

/** A squatting skeleton at time t (hips move down and up with a 2 s period), flat 33×4. */
function squatFlat(t: number): Float32Array {
  const f = new Float32Array(132);
  const depth = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / 2000);
  for (let i = 0; i < 33; i++) {
    const lower = i >= 25; // knees, ankles, feet stay
    const hip = i === 23 || i === 24;
    const y = lower ? (i >= 27 ? 0.9 : 0.75) : hip ? 0.55 + 0.15 * depth : 0.3 + 0.15 * depth;
    f.set([0.5 + (i % 2 ? 0.05 : -0.05), y, 0, 0.99], i * 4);
  }
  return f;
}

describe('PoseRecorder (GYM_RECORD_POSES)', () => {
  it('passes every skeleton on and writes, per person, a gym.poses/1 file that replays to the same engine events', async () => {
    const dir = tmp();
    const live = createExerciseEngine();
    const liveEvents: string[] = [];
    const inner: SkeletonSink = {
      onSkeleton: (s) => {
        for (const e of live.pushFlat(s.personId, s.ts, s.skeleton as Float32Array)) liveEvents.push(`${e.type}:${'count' in e ? e.count : ''}`);
      },
      onPersonGone: vi.fn(),
    };
    const rec = new PoseRecorder(inner, { dir, log: createLogger('test', { level: 'silent' }), flushEveryMs: 60_000 });
    const t0 = 1_700_000_000_000;
    for (let t = 0; t <= 20_000; t += 100) {
      rec.onSkeleton({ personId: 'p-1', memberId: null, cameraId: 'cam/a', ts: t0 + t, skeleton: squatFlat(t) });
      if (t % 1000 === 0)
        rec.onSkeleton({ personId: 'p-2', memberId: null, cameraId: 'cam-b', ts: t0 + t, skeleton: Array.from({ length: 33 }, () => [0.1, 0.2, 0.3, 0.9]) });
    }
    rec.onPersonGone('p-1', t0 + 20_000);
    expect(inner.onPersonGone).toHaveBeenCalledWith('p-1', t0 + 20_000);
    await rec.close();
    for (const e of live.flush('p-1')) liveEvents.push(`${e.type}:${'count' in e ? e.count : ''}`);

    expect(readdirSync(dir).sort()).toEqual(['cam-b-p-2.poses.jsonl', 'cam_a-p-1.poses.jsonl']);
    const { header, frames } = await loadPosesFile(join(dir, 'cam_a-p-1.poses.jsonl'));
    expect(header).toMatchObject({ format: 'gym.poses/1', personId: 'p-1', cameraId: 'cam/a', startTs: t0 });
    expect(frames).toHaveLength(201);
    expect(frames[10]!.t).toBe(1000);
    expect(frames[10]!.kp![23]![1]).toBeCloseTo(squatFlat(1000)[23 * 4 + 1]!, 3);
    const two = await loadPosesFile(join(dir, 'cam-b-p-2.poses.jsonl'));
    expect(two.frames).toHaveLength(21);
    expect(two.frames[0]!.kp![0]).toEqual([0.1, 0.2, 0.3, 0.9]);

    // The recording replays to what the live engine said.
    const replay = createExerciseEngine();
    const replayed: string[] = [];
    for (const f of frames) for (const e of replay.push('p-1', f.t, f.kp)) replayed.push(`${e.type}:${'count' in e ? e.count : ''}`);
    for (const e of replay.flush('p-1')) replayed.push(`${e.type}:${'count' in e ? e.count : ''}`);
    expect(liveEvents.filter((e) => e.startsWith('rep')).length).toBeGreaterThan(5);
    expect(replayed).toEqual(liveEvents);
  });

  it('a folder it cannot write stops the recording with one logged error, and ingest goes on', async () => {
    const base = tmp();
    const blocker = join(base, 'file');
    writeFileSync(blocker, 'x');
    const errors: unknown[] = [];
    const log = createLogger('test', { level: 'silent' });
    log.error = ((o: unknown) => void errors.push(o)) as typeof log.error;
    const seen: number[] = [];
    const rec = new PoseRecorder({ onSkeleton: (s) => void seen.push(s.ts) }, { dir: join(blocker, 'sub'), log, flushEveryMs: 60_000 });
    for (let t = 0; t < 5; t++) rec.onSkeleton({ personId: 'p', memberId: null, cameraId: 'c', ts: t, skeleton: squatFlat(t) });
    await rec.close();
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(errors).toHaveLength(1);
  });
});
