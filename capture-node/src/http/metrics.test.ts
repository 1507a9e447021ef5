import { describe, expect, it } from 'vitest';
import type { CameraHealth, WorkerStats } from '@gym/shared';
import { createCaptureMetrics } from './metrics.ts';

const health = (cameraId: string, state: CameraHealth['state']): CameraHealth => ({ cameraId, state, reason: null, since: 0 });
const report = (backend: WorkerStats['backend'], fps: number): WorkerStats => ({
  workerId: 'w1',
  backend,
  at: 1,
  cameras: [{ cameraId: 'cam-a', decodedFrames: 300, analysedFps: fps, droppedFrames: 7, width: 640, height: 480, stream: 'main', lastFrameTs: 1, stageMs: {} }],
});

describe('capture-node /metrics', () => {
  it('reports cameras, the SFU and each worker page from their live state at scrape time', async () => {
    let cams = [{ health: health('cam-a', 'live') }, { health: health('cam-b', 'down') }];
    let workers = [{ workerId: 'w1', state: 'running', restarts: 2, lastReport: report('wasm', 4.5), lastReportAt: 1 }];
    const reg = createCaptureMetrics({ cameras: () => cams, sfuRestarts: () => 1, workers: () => workers });
    const text = await reg.metrics();
    expect(text).toContain('gym_capture_camera_up{camera="cam-a"} 1');
    expect(text).toContain('gym_capture_camera_up{camera="cam-b"} 0');
    expect(text).toContain('gym_capture_sfu_restarts 1');
    expect(text).toContain('gym_capture_worker_up{worker="w1"} 1');
    expect(text).toContain('gym_capture_worker_restarts{worker="w1"} 2');
    expect(text).toContain('gym_capture_worker_backend{worker="w1",backend="wasm"} 1');
    expect(text).toContain('gym_capture_analysed_fps{worker="w1",camera="cam-a"} 4.5');
    expect(text).toContain('gym_capture_dropped_frames{worker="w1",camera="cam-a"} 7');
    // A page without an offline buffer reports none: 0.
    expect(text).toContain('gym_capture_offline_buffered_frames{worker="w1",camera="cam-a"} 0');
    expect(text).toContain('gym_capture_offline_dropped_frames{worker="w1",camera="cam-a"} 0');

    // A removed camera and a restarted worker on WebGPU: no stale series are left behind.
    cams = [{ health: health('cam-b', 'live') }];
    workers = [{ workerId: 'w1', state: 'restarting', restarts: 3, lastReport: report('webgpu', 9), lastReportAt: 2 }];
    const next = await reg.metrics();
    expect(next).not.toMatch(/gym_capture_camera_up\{camera="cam-a"\}/);
    expect(next).toContain('gym_capture_worker_up{worker="w1"} 0');
    expect(next).not.toContain('backend="wasm"');
    expect(next).toContain('gym_capture_worker_backend{worker="w1",backend="webgpu"} 1');
  });

  it('reports each camera\'s offline buffer from the page\'s report', async () => {
    const r = report('wasm', 5);
    r.cameras[0] = { ...r.cameras[0]!, offlineBuffered: 12, offlineDropped: 3 };
    const reg = createCaptureMetrics({ cameras: () => [], sfuRestarts: () => 0, workers: () => [{ workerId: 'w1', state: 'running', restarts: 0, lastReport: r, lastReportAt: 1 }] });
    const text = await reg.metrics();
    expect(text).toContain('gym_capture_offline_buffered_frames{worker="w1",camera="cam-a"} 12');
    expect(text).toContain('gym_capture_offline_dropped_frames{worker="w1",camera="cam-a"} 3');
  });
});
