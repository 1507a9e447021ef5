/**
 * Live perception benchmark: `npx tsx bench/perception-live.bench.ts` (or `make bench`).
 *
 * The whole loop as deployed: simulated RTSP camera looping vtest.avi (768×576, 10 fps, people walking) →
 * capture-node → one supervised headless Chromium worker page running the real models (wasm) in its inference
 * Web Worker → socket.io `/worker` on a server stand-in that parses every message with the shared schemas.
 * Run with 1 camera, then 2 cameras on the same worker. Per camera: analysed frames per second (messages received
 * per second at the server), frame-to-message latency (server receipt − the frame's timestamp in the page, same
 * clock), people per frame, dropped frames and per-stage ms from the worker's heartbeat. The 1-camera run is the
 * reference for the 2-camera ratios; the goal is ≥ 5 analysed fps per camera with 2 people in view.
 * BENCH_SECONDS (default 20), BENCH_ANALYSIS_FPS (configured rate, default 5), BENCH_MAX_CAMERAS (default 2),
 * BENCH_POSE (gym config `models.pose`: lite | full | heavy, default full),
 * BENCH_DETECT_EVERY (gym config `analysis.detectEvery`, default unset = the worker page's default, 2), BENCH_BROWSER_PER_CAMERA=1
 * (`workers.camerasPerWorker: 1`: one worker browser, hence one inference worker, per camera).
 */
import { cpus, loadavg } from 'node:os';
import { SimCamera } from '../capture-node/src/sim-camera/sim-camera.ts';
import { freePort, startTestNode, waitFor } from '../capture-node/src/testing/harness.ts';
import { PerceptionTestServer } from '../capture-node/src/testing/perception-server.ts';
import { buildWorkerPage } from '../capture-node/src/testing/worker-page.ts';
import { headline } from './lib/report.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const FPS = Number(process.env['BENCH_ANALYSIS_FPS'] ?? 5);
const MAX_CAMERAS = Number(process.env['BENCH_MAX_CAMERAS'] ?? 2);
const DETECT_EVERY = process.env['BENCH_DETECT_EVERY'] ? Number(process.env['BENCH_DETECT_EVERY']) : undefined;
const PER_CAMERA = process.env['BENCH_BROWSER_PER_CAMERA'] === '1';
const POSE = (process.env['BENCH_POSE'] ?? 'full') as 'lite' | 'full' | 'heavy';
const GOAL_FPS = 5;
const TOKEN = 'bench-worker-token';

const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Row {
  cameras: number;
  cameraId: string;
  fps: number;
  p50: number;
  p95: number;
  people: number;
  dropped: number;
  stageMs: Record<string, number>;
}

async function run(n: number, webDist: string, camUrl: string, server: PerceptionTestServer): Promise<Row[]> {
  const ids = Array.from({ length: n }, (_, i) => `cam-${i + 1}`);
  const node = await startTestNode({
    webDistDir: webDist,
    cameras: ids.map((id) => ({ id, rtspUrl: camUrl })),
    gym: {
      analysis: { fps: FPS, ...(DETECT_EVERY ? { detectEvery: DETECT_EVERY } : {}) },
      models: { backend: 'wasm', pose: POSE },
      workers: PER_CAMERA ? { count: n, camerasPerWorker: 1 } : { count: 1, camerasPerWorker: 4 },
    },
    env: { SERVER_URL: server.url, CAPTURE_SERVER_WORKER_TOKEN: TOKEN },
    heartbeatTimeoutMs: 60_000,
  });
  try {
    const since = Date.now();
    await waitFor('perception frames from every camera', () => ids.every((id) => server.frames.some((f) => f.at > since && f.frame.cameraId === id)), 120_000, 250);
    await new Promise((r) => setTimeout(r, 5000)); // warm-up (JIT, tracker settles)
    const t0 = Date.now();
    const beats = () => node.supervisor!.status().flatMap((w) => w.lastReport?.cameras ?? []);
    const drop0 = Object.fromEntries(beats().map((c) => [c.cameraId, c.droppedFrames]));
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const t1 = Date.now();
    const beat = beats();
    return ids.map((id) => {
      const got = server.frames.filter((f) => f.frame.cameraId === id && f.at >= t0 && f.at < t1);
      const lat = got.map((f) => f.at - f.frame.frameTs);
      const c = beat.find((x) => x.cameraId === id)!;
      return {
        cameras: n,
        cameraId: id,
        fps: (got.length * 1000) / (t1 - t0),
        p50: pct(lat, 50),
        p95: pct(lat, 95),
        people: got.reduce((s, f) => s + f.frame.tracks.length, 0) / Math.max(1, got.length),
        dropped: c.droppedFrames - (drop0[id] ?? 0),
        stageMs: c.stageMs,
      };
    });
  } finally {
    await node.stop();
  }
}

async function main(): Promise<void> {
  console.log(`perception live bench: vtest 768x576 @ 10 fps, analysis.fps ${FPS}, detectEvery ${DETECT_EVERY ?? 'page default (2)'}, ${PER_CAMERA ? 'one browser per camera' : 'one browser for all cameras'}, ${SECONDS} s window, wasm, pose ${POSE}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  const [webDist, port] = await Promise.all([buildWorkerPage(), freePort()]);
  const server = await new PerceptionTestServer(TOKEN).start();
  const cam = new SimCamera({ port, gop: 10 });
  await cam.start();
  const rows: Row[] = [];
  try {
    for (let n = 1; n <= MAX_CAMERAS; n++) rows.push(...(await run(n, webDist, cam.url, server)));
  } finally {
    await cam.stop();
    await server.stop();
  }
  if (server.invalid) console.log(`!! ${server.invalid} messages failed the shared schemas`);
  const ref = rows.find((r) => r.cameras === 1)!;
  console.log('\ncams  camera  analysed fps  vs goal  vs 1-cam  latency p50  p95 ms  people/frame  dropped  detect  pose  embed  frameToSend ms');
  for (const r of rows) {
    const s = r.stageMs;
    const embed = (s['body'] ?? 0) + (s['face'] ?? 0) + (s['embed'] ?? 0);
    console.log(
      `${String(r.cameras).padStart(4)}  ${r.cameraId.padEnd(6)}  ${r.fps.toFixed(2).padStart(12)}  ${(r.fps / GOAL_FPS).toFixed(2).padStart(6)}×  ${(r.fps / ref.fps).toFixed(2).padStart(7)}×  ` +
        `${r.p50.toFixed(0).padStart(11)}  ${r.p95.toFixed(0).padStart(6)}  ${r.people.toFixed(1).padStart(12)}  ${String(r.dropped).padStart(7)}  ` +
        `${(s['detect'] ?? NaN).toFixed(0).padStart(6)}  ${(s['pose'] ?? NaN).toFixed(0).padStart(4)}  ${embed.toFixed(0).padStart(5)}  ${(s['frameToSend'] ?? NaN).toFixed(0).padStart(14)}`,
    );
  }
  console.log(`\nstage keys: ${Object.keys(ref.stageMs).join(', ')}`);
  const most = Math.max(...rows.map((r) => r.cameras));
  const many = rows.filter((r) => r.cameras === most);
  headline({ metric: 'analysed fps per camera, one camera live (vtest)', value: ref.fps, unit: 'fps', goal: { op: '>=', value: GOAL_FPS }, note: `${ref.people.toFixed(1)} people/frame, wasm` });
  if (most > 1) headline({ metric: `analysed fps per camera, ${most} cameras live`, value: many.reduce((a, r) => a + r.fps, 0) / many.length, unit: 'fps', reference: { label: 'one camera', value: ref.fps }, goal: { op: '>=', value: GOAL_FPS } });
  headline({ metric: 'frame → server latency p50, one camera', value: ref.p50, unit: 'ms' });
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);
