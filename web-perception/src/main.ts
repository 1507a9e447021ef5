/**
 * Entry of the worker page, opened by capture-node's supervisor in headless Chromium:
 *   /web-perception/index.html?worker=worker-0&cameras=cam-a,cam-b&signaling=<capture-node origin>&token=<token>
 * Optional: `stamp=1` reads the simulated camera's time code (latency bench), `view=1` shows the videos large.
 * For the perception pipeline the supervisor also passes `fps` (analysis rate), `server` and `serverToken` (the
 * server's /worker namespace) when capture-node knows them.
 * It receives its cameras over WebRTC and reports decoded frames to the supervisor every second
 * (`window.gymWorkerReport`, a WorkerStats). The perception pipeline plugs into FrameMonitor's onFrame.
 */
import type { WorkerStats } from '@gym/shared';
import { CameraStream, connectSignaling, FrameMonitor, loadDevice } from './stream/index.ts';

declare global {
  interface Window {
    /** Exposed by the supervisor (playwright exposeFunction). */
    gymWorkerReport?: (stats: WorkerStats) => Promise<void>;
    /** For tests and benches. */
    gymWorker?: { stats(): WorkerStats; latencies(cameraId: string): number[]; states(): Record<string, string> };
  }
}

const q = new URLSearchParams(location.search);
const workerId = q.get('worker') ?? 'worker-page';
const cameraIds = (q.get('cameras') ?? '').split(',').filter(Boolean);
const signalingUrl = q.get('signaling') ?? location.origin;
const token = q.get('token') ?? '';
const view = q.get('view') === '1';
/** What the perception pipeline needs (startPerception): plug it into FrameMonitor's onFrame below. */
export const perceptionParams = {
  fps: Number(q.get('fps') ?? 5),
  serverUrl: q.get('server'),
  serverToken: q.get('serverToken'),
  workerId,
};
const statusEl = document.getElementById('status')!;
const grid = document.createElement('section');
grid.id = 'videos';
grid.style.cssText = `display:grid;gap:4px;grid-template-columns:repeat(auto-fill,minmax(${view ? 480 : 160}px,1fr))`;
document.body.appendChild(grid);

const monitors = new Map<string, FrameMonitor>();
const streams = new Map<string, CameraStream>();

function stats(): WorkerStats {
  return {
    workerId,
    backend: 'none',
    at: Date.now(),
    cameras: cameraIds.map((cameraId) => {
      const s = monitors.get(cameraId)?.stats;
      return {
        cameraId,
        decodedFrames: s?.frames ?? 0,
        analysedFps: 0,
        droppedFrames: 0,
        width: s?.width ?? 0,
        height: s?.height ?? 0,
        lastFrameTs: s?.lastFrameAt ?? null,
        stageMs: {},
      };
    }),
  };
}

window.gymWorker = {
  stats,
  latencies: (id) => [...(monitors.get(id)?.latencies ?? [])],
  states: () => Object.fromEntries([...streams].map(([id, s]) => [id, s.state])),
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
    const monitor = new FrameMonitor(box, { readStamp: q.get('stamp') === '1' });
    monitor.video.style.width = '100%';
    monitors.set(id, monitor);
    const stream = new CameraStream(id, socket, device, {
      onTrack: (t) => monitor.setTrack(t),
      onState: (s, d) => (caption.textContent = `${id}: ${s}${d ? ` (${d})` : ''}`),
    });
    streams.set(id, stream);
    stream.start();
  }
  statusEl.textContent = `${workerId}: ${cameraIds.length} camera(s)`;
}

// Heartbeat: the supervisor restarts the browser when these stop.
setInterval(() => void window.gymWorkerReport?.(stats()).catch(() => undefined), 1000);
main().catch((e: Error) => (statusEl.textContent = `failed: ${e.message}`));
