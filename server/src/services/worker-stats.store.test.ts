import { describe, expect, it } from 'vitest';
import { WorkerStats } from '@gym/shared';
import { WorkerStatsStore } from './worker-stats.store.ts';

const report = (workerId: string, at: number, cams: string[]) =>
  WorkerStats.parse({
    workerId,
    backend: 'webgl',
    at,
    cameras: cams.map((cameraId) => ({ cameraId, decodedFrames: 10, analysedFps: 7.5, droppedFrames: 2, width: 640, height: 480, lastFrameTs: at })),
  });

describe('WorkerStatsStore', () => {
  it('keeps only the latest report per worker and ignores older ones arriving late', () => {
    const s = new WorkerStatsStore();
    s.record(report('w1', 1000, ['cam-a']), 1000);
    s.record(report('w1', 3000, ['cam-a', 'cam-b']), 3000);
    s.record(report('w1', 2000, ['cam-a']), 3100);
    const [e] = s.list(3200);
    expect(s.list(3200)).toHaveLength(1);
    expect(e!.stats.at).toBe(3000);
    expect(e!.stats.cameras.map((c) => c.cameraId)).toEqual(['cam-a', 'cam-b']);
  });

  it('filters cameras by what the viewer may see and hides workers left with none', () => {
    const s = new WorkerStatsStore();
    s.record(report('w1', 1, ['cam-a', 'cam-b']), 1);
    s.record(report('w2', 1, ['cam-c']), 1);
    const seen = s.list(2, (c) => c === 'cam-b');
    expect(seen.map((e) => e.stats.workerId)).toEqual(['w1']);
    expect(seen[0]!.stats.cameras.map((c) => c.cameraId)).toEqual(['cam-b']);
  });

  it('marks a silent worker stale and counts reconnects', () => {
    const s = new WorkerStatsStore(5000);
    s.connected('w1');
    s.record(report('w1', 0, ['cam-a']), 0);
    expect(s.list(4000)[0]!.stale).toBe(false);
    s.connected('w1');
    const [e] = s.list(6000);
    expect(e!.stale).toBe(true);
    expect(e!.connects).toBe(2);
  });
});
