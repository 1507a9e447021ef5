import { describe, expect, it } from 'vitest';
import { WorkerStats, type WorkerStatsEntry } from '@gym/shared';
import { cameraAnalysis, fpsLabel } from './camera-analysis.ts';

const entry = (cam: { analysedFps: number; stageMs?: Record<string, number>; lastFrameTs?: number | null }, o: Partial<WorkerStatsEntry> = {}): WorkerStatsEntry => ({
  stats: WorkerStats.parse({ workerId: 'w1', backend: 'wasm', at: 10_000, cameras: [{ cameraId: 'cam-a', decodedFrames: 50, droppedFrames: 3, width: 640, height: 480, lastFrameTs: 9_700, ...cam }] }),
  receivedAt: 10_000,
  connects: 3,
  stale: false,
  ...o,
});

describe('camera analysis', () => {
  it('says starting… until the first frame is analysed, not 0.0 fps', () => {
    const a = cameraAnalysis([entry({ analysedFps: 0 })], 'cam-a');
    expect(a).toMatchObject({ state: 'starting', fps: null, latencyMs: null, workerId: 'w1' });
    expect(fpsLabel(a)).toBe('starting…');
  });
  it('gives rate, latency, backend, drops and restarts once analysing', () => {
    const a = cameraAnalysis([entry({ analysedFps: 4.96, stageMs: { detect: 80 } })], 'cam-a');
    expect(a).toEqual({ workerId: 'w1', backend: 'wasm', fps: 4.96, latencyMs: 300, dropped: 3, decoded: 50, restarts: 2, stale: false, state: 'analysing' });
    expect(fpsLabel(a)).toBe('5.0 fps');
  });
  it('tells a stalled worker (analysed before, 0 fps now) from a silent one, and a camera nobody analyses', () => {
    expect(fpsLabel(cameraAnalysis([entry({ analysedFps: 0, stageMs: { detect: 80 } })], 'cam-a'))).toBe('0.0 fps');
    expect(fpsLabel(cameraAnalysis([entry({ analysedFps: 5, stageMs: { detect: 80 } }, { stale: true })], 'cam-a'))).toBe('worker down');
    expect(cameraAnalysis([entry({ analysedFps: 5 })], 'cam-b')).toBeNull();
    expect(fpsLabel(null)).toBe('no worker yet');
  });
});
