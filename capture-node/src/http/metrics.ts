/**
 * capture-node's Prometheus metrics (`GET /metrics`, text format): cameras (state, ingest restarts), the mediasoup
 * worker (restarts), and each perception worker browser (state, restarts, backend, and per camera its analysed
 * fps, decoded and dropped frames, and its offline buffer, from the page's last report). Gauges are read at scrape time from the live
 * objects, so nothing is counted twice. Metric names match deploy/prometheus and the Grafana dashboard.
 */
import { Gauge, Registry } from 'prom-client';
import type { CameraHealth, WorkerStats } from '@gym/shared';

export interface MetricsSources {
  cameras: () => { health: CameraHealth; restarts?: number }[];
  sfuRestarts: () => number;
  workers: () => { workerId: string; state: string; restarts: number; lastReport: WorkerStats | null; lastReportAt: number | null }[];
}

export function createCaptureMetrics(src: MetricsSources) {
  const registry = new Registry();
  const reg = [registry];
  new Gauge({
    name: 'gym_capture_camera_up', help: 'Camera ingest live (1) or not (0)', labelNames: ['camera'], registers: reg,
    collect() {
      this.reset();
      for (const c of src.cameras()) this.set({ camera: c.health.cameraId }, c.health.state === 'live' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gym_capture_sfu_restarts', help: 'mediasoup worker restarts since start', registers: reg,
    collect() {
      this.set(src.sfuRestarts());
    },
  });
  new Gauge({
    name: 'gym_capture_worker_up', help: 'Perception worker browser running and reporting (1) or not (0)', labelNames: ['worker'], registers: reg,
    collect() {
      this.reset();
      for (const w of src.workers()) this.set({ worker: w.workerId }, w.state === 'running' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gym_capture_worker_restarts', help: 'Perception worker browser restarts since start', labelNames: ['worker'], registers: reg,
    collect() {
      this.reset();
      for (const w of src.workers()) this.set({ worker: w.workerId }, w.restarts);
    },
  });
  new Gauge({
    name: 'gym_capture_worker_backend', help: 'Inference backend of a worker page (1 for the backend in use)', labelNames: ['worker', 'backend'], registers: reg,
    collect() {
      this.reset();
      for (const w of src.workers()) if (w.lastReport) this.set({ worker: w.workerId, backend: w.lastReport.backend }, 1);
    },
  });
  const perCamera = (name: string, help: string, pick: (c: WorkerStats['cameras'][number]) => number) =>
    new Gauge({
      name, help, labelNames: ['worker', 'camera'], registers: reg,
      collect() {
        this.reset();
        for (const w of src.workers()) for (const c of w.lastReport?.cameras ?? []) this.set({ worker: w.workerId, camera: c.cameraId }, pick(c));
      },
    });
  perCamera('gym_capture_analysed_fps', 'Frames analysed per second (worker page report)', (c) => c.analysedFps);
  perCamera('gym_capture_decoded_frames', 'Frames decoded by the worker page since it started', (c) => c.decodedFrames);
  perCamera('gym_capture_dropped_frames', 'Frames the worker page skipped because analysis was busy', (c) => c.droppedFrames);
  perCamera('gym_capture_offline_buffered_frames', 'Analysed frames the worker page holds while no server is connected', (c) => c.offlineBuffered ?? 0);
  perCamera('gym_capture_offline_dropped_frames', 'Frames dropped from the worker page\'s offline buffer (over its size or age) since it started', (c) => c.offlineDropped ?? 0);
  return registry;
}
