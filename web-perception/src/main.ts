/**
 * Entry of the worker page, opened by capture-node's supervisor in headless Chromium:
 *   /web-perception/index.html?worker=worker-0&cameras=cam-a,cam-b&signaling=<capture-node origin>&token=<token>
 * Optional: `stamp=1` reads the simulated camera's time code (latency bench), `view=1` shows the videos large.
 * For the perception pipeline the supervisor also passes `fps`, `camFps`, `models`, `server` and `serverToken`
 * (worker-page/page-params.ts). It receives its cameras over WebRTC, runs perception on their frames at the
 * analysis rate when a server is configured (worker-page/page-perception.ts: inference in a Web Worker, results
 * to the server's /worker namespace), and reports to the supervisor every second (`window.gymWorkerReport`, a
 * WorkerStats: decoded frames, analysed fps, per-stage ms, backend, dropped frames).
 */
import type { WorkerStats } from '@gym/shared';
import { CameraStream, connectSignaling, FrameMonitor, loadDevice } from './stream/index.ts';
import { parsePageParams, type PageSecrets } from './worker-page/page-params.ts';
import { startPagePerception, type PagePerception } from './worker-page/page-perception.ts';

declare global {
  interface Window {
    /** Exposed by the supervisor (playwright exposeFunction). */
    gymWorkerReport?: (stats: WorkerStats) => Promise<void>;
    /** Set by the supervisor's init script: the signaling and server tokens (kept out of the URL). */
    gymWorkerSecrets?: PageSecrets;
    /** For tests and benches. */
    gymWorker?: {
      stats(): WorkerStats;
      latencies(cameraId: string): number[];
      states(): Record<string, string>;
      perception(): ReturnType<PagePerception['status']> & { connected: boolean; sender: unknown } | null;
    };
  }
}

const params = parsePageParams(location.search, location.origin, window.gymWorkerSecrets);
const { workerId, cameraIds, signalingUrl, token, view } = params;
const perception = params.perception ? startPagePerception(workerId, params.perception) : null;
const statusEl = document.getElementById('status')!;
const grid = document.createElement('section');
grid.id = 'videos';
grid.style.cssText = `display:grid;gap:4px;grid-template-columns:repeat(auto-fill,minmax(${view ? 480 : 160}px,1fr))`;
document.body.appendChild(grid);

const monitors = new Map<string, FrameMonitor>();
const streams = new Map<string, CameraStream>();

function stats(): WorkerStats {
  const p = perception?.stats();
  return {
    workerId,
    backend: p?.backend ?? 'none',
    at: Date.now(),
    cameras: cameraIds.map((cameraId) => {
      const s = monitors.get(cameraId)?.stats;
      const a = p?.cameras.find((c) => c.cameraId === cameraId);
      return {
        cameraId,
        decodedFrames: s?.frames ?? 0,
        analysedFps: a?.analysedFps ?? 0,
        droppedFrames: a?.droppedFrames ?? 0,
        width: s?.width ?? 0,
        height: s?.height ?? 0,
        stream: streams.get(cameraId)?.stream ?? 'main',
        lastFrameTs: a?.lastFrameTs ?? s?.lastFrameAt ?? null,
        stageMs: a?.stageMs ?? {},
        ...(a?.offlineBuffered !== undefined ? { offlineBuffered: a.offlineBuffered } : {}),
        ...(a?.offlineDropped !== undefined ? { offlineDropped: a.offlineDropped } : {}),
      };
    }),
  };
}

window.gymWorker = {
  stats,
  latencies: (id) => [...(monitors.get(id)?.latencies ?? [])],
  states: () => Object.fromEntries([...streams].map(([id, s]) => [id, s.state])),
  perception: () => (perception ? { ...perception.status(), connected: perception.perception.sender.connected, sender: perception.perception.sender.stats } : null),
};

async function main(): Promise<void> {
  if (!cameraIds.length) throw new Error('no cameras in the page URL (?cameras=...)');
  const socket = connectSignaling(signalingUrl, token);
  socket.on('connect_error', (e) => (statusEl.textContent = `signaling: ${e.message}`));
  await new Promise<void>((resolve) => (socket.connected ? resolve() : socket.once('connect', () => resolve())));
  const device = await loadDevice(socket);
  for (const id of cameraIds) {
    const box = document.createElement('figure');
    box.dataset['camera'] = id;
    box.style.margin = '0';
    const caption = document.createElement('figcaption');
    caption.textContent = id;
    box.append(caption);
    grid.appendChild(box);
    const monitor = new FrameMonitor(box, {
      readStamp: params.stamp,
      // Counted in the monitor's stats; the first of a run is worth a line in the page console.
      onError: (e) => monitor.stats.errors === 1 && console.warn(`${id}: a frame could not be handled: ${e.message}`),
      ...(perception ? { onFrame: (video, meta) => perception.onFrame(id, video, meta, streams.get(id)?.stream) } : {}),
    });
    monitor.video.style.width = '100%';
    monitors.set(id, monitor);
    const stream = new CameraStream(id, socket, device, {
      // Perception reads the analysis stream when the camera has one; the time-code stamp (latency measurement)
      // is drawn at a fixed block size, so a page that reads it takes the full-resolution stream.
      stream: perception && !params.stamp ? 'analysis' : 'main',
      onTrack: (t) => monitor.setTrack(t),
      onState: (s, d) => (caption.textContent = `${id}: ${s}${d ? ` (${d})` : ''}`),
    });
    streams.set(id, stream);
    stream.start();
  }
  statusEl.textContent = `${workerId}: ${cameraIds.length} camera(s)${perception ? `, perception → ${params.perception!.serverUrls.join(', ')}` : ''}`;
}

// Heartbeat: the supervisor restarts the browser when these stop.
setInterval(() => void window.gymWorkerReport?.(stats()).catch(() => undefined), 1000);
main().catch((e: Error) => (statusEl.textContent = `failed: ${e.message}`));
