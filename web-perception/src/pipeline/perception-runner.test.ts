import { describe, expect, it } from 'vitest';
import type { PipelineResult } from './camera-pipeline.ts';
import { PerceptionRunner } from './perception-runner.ts';

const result = (cameraId: string, ts: number, seq: number): PipelineResult =>
  ({ ts, stageMs: { detect: 1 }, draft: { cameraId, workerId: 'w', seq, frameTs: ts, width: 4, height: 4, tracks: [] } }) as unknown as PipelineResult;

describe('PerceptionRunner', () => {
  it('counts a frame whose lazy image cannot be made as an error and goes on with the next one', async () => {
    const errors: string[] = [];
    const sent: number[] = [];
    const runner = new PerceptionRunner<string>({
      workerId: 'w',
      fps: 10,
      analyse: (cam, f) => Promise.resolve(result(cam, f.ts, f.seq)),
      sink: { send: (fr) => (sent.push(fr.seq), 'sent') },
      onError: (_c, e) => errors.push(e.message),
    });
    const broken = () => {
      throw new Error("Failed to construct 'VideoFrame': Invalid source state");
    };
    // The first due frame throws while being made: no exception escapes to the frame callback.
    const r1 = runner.offer('cam-1', { image: broken, ts: 0, width: 4, height: 4 });
    expect(await r1).toBe('error');
    expect(errors).toEqual(["Failed to construct 'VideoFrame': Invalid source state"]);
    // The next due frame is analysed and sent as usual.
    expect(await runner.offer('cam-1', { image: () => 'img', ts: 100, width: 4, height: 4 })).toBe('sent');
    expect(sent).toEqual([1]);
    expect(runner.counters('cam-1')).toMatchObject({ analysed: 1, errors: 1 });
  });

  it('a frame kept in the sender\'s offline buffer is not a drop; the buffer is reported per camera', async () => {
    const runner = new PerceptionRunner<string>({
      workerId: 'w',
      fps: 10,
      analyse: (cam, f) => Promise.resolve(result(cam, f.ts, f.seq)),
      sink: { send: () => 'buffered', bufferFor: (cam) => (cam === 'cam-1' ? { buffered: 1, dropped: 4 } : { buffered: 0, dropped: 0 }) },
    });
    expect(await runner.offer('cam-1', { image: 'img', ts: 0, width: 4, height: 4 })).toBe('buffered');
    expect(runner.counters('cam-1')).toMatchObject({ analysed: 1, sendDrops: 0 });
    expect(runner.workerStats(1).cameras[0]).toMatchObject({ cameraId: 'cam-1', droppedFrames: 0, offlineBuffered: 1, offlineDropped: 4 });
  });
});
