/**
 * Perception worker benchmark: `npx tsx bench/perception.bench.ts` (or `make bench`).
 *
 * 1. Sending: perception frames (2 people: skeleton + 512-d body + 256-d face embedding) through the real
 *    socket.io sender to a local socket.io server, binary float32 packing vs plain JSON number arrays (the
 *    reference, same run): frames/s, bytes per frame, ack round trip.
 * 2. Analysis: the worker's pipeline (nanodet + MediaPipe pose + appearance embedder, wasm) in headless Chromium
 *    over vtest.avi (2–6 people in view) at 1 and 2 cameras sharing one page: analysed fps per camera, per-stage
 *    ms, frame → result latency, with the detector on every frame and on every third (pose tracking between).
 *    Goal of issue 8: ≥ 5 analysed fps per camera with 2 people in view.
 *    Skipped when models/ or the footage are missing. BENCH_FRAMES (default 20) frames per camera.
 *    Note: this drives the pipeline on the page's main thread from Node, one frame at a time.
 * 3. The worker page's own path: startPerception → inference Web Worker → sender → socket.io server, at 1 and 2
 *    cameras sharing the worker: analysed fps per camera and frame → message latency (offer to arrival at the
 *    server, including fetching the frame into the page).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { Server } from 'socket.io';
import { LANDMARK_COUNT, type Skeleton } from '../shared/src/index.ts';
import { PerceptionSender } from '../web-perception/src/net/perception-sender.ts';
import { toWireFrame, payloadBytes, type FrameDraft } from '../web-perception/src/net/packing.ts';

const FRAMES = Number(process.env['BENCH_FRAMES'] ?? 20);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

function draft(seq: number): FrameDraft {
  const sk: Skeleton = Array.from({ length: LANDMARK_COUNT }, (_, i) => [Math.random(), Math.random(), Math.random() - 0.5, Math.random()]);
  const track = (id: number) => ({
    trackId: id,
    box: { x: 0.1 * id, y: 0.2, w: 0.1, h: 0.4 },
    quality: { score: 0.9, heightPx: 240, visibility: 0.8, occlusion: 0 },
    skeleton: sk,
    bodyEmbedding: { model: 'osnet_x0_25', vector: Float32Array.from({ length: 512 }, () => Math.random() - 0.5) },
    face: { box: { x: 0.1 * id, y: 0.2, w: 0.03, h: 0.04 }, score: 0.9, embedding: { model: 'faceres', vector: Float32Array.from({ length: 256 }, () => Math.random() - 0.5) } },
  });
  return { cameraId: 'cam-1', frameTs: Date.now(), seq, width: 1280, height: 720, tracks: [track(1), track(2)] };
}

async function sending(): Promise<void> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 1e7 });
  let bytesIn = 0;
  io.of('/worker').on('connection', (s) => {
    s.conn.on('packet', (p: { data?: unknown }) => {
      const d = p.data;
      bytesIn += typeof d === 'string' ? Buffer.byteLength(d) : d instanceof Buffer ? d.length : 0;
    });
    s.on('perception:frame', (_m: unknown, ack: (a: unknown) => void) => ack({ ok: true, data: { accepted: 2 } }));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  console.log('sending 2-person frames (skeleton + 512-d body + 256-d face each) through socket.io, 8 in flight');
  console.log('encoding          frames/s  bytes/frame  ack p50 ms  ack p95 ms');
  const rows: [string, number][] = [];
  // packed: one float buffer per frame (protocol v2, the sender's default); per-track: one binary attachment per
  // vector (v1); JSON arrays: v1 with plain number arrays, the reference.
  for (const mode of ['packed float32', 'per-track float32', 'JSON arrays (ref)'] as const) {
    const packed = mode === 'packed float32';
    const sender = new PerceptionSender({ url, token: 't', maxInFlight: 8, validate: true, packed, socketOptions: { transports: ['websocket'] } }).start();
    await new Promise<void>((r) => sender.socket.once('connect', () => r()));
    const wires = Array.from({ length: 50 }, (_, i) => {
      const w = toWireFrame(draft(i));
      if (mode.startsWith('JSON'))
        for (const t of w.tracks) {
          t.skeleton = Array.from(t.skeleton as Float32Array);
          t.bodyEmbedding!.vector = Array.from(t.bodyEmbedding!.vector as Float32Array);
          t.face!.embedding!.vector = Array.from(t.face!.embedding!.vector as Float32Array);
        }
      return w;
    });
    void payloadBytes;
    bytesIn = 0;
    const rtts: number[] = [];
    const t0 = performance.now();
    let sent = 0;
    while (performance.now() - t0 < 3000) {
      if (sender.send(wires[sent % wires.length]!) === 'sent') sent++;
      else await new Promise((r) => setImmediate(r));
      if (sender.stats.rttMs !== null && sent % 20 === 0) rtts.push(sender.stats.rttMs);
    }
    while (sender.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    const s = (performance.now() - t0) / 1000;
    const rate = sender.stats.acked / s;
    rows.push([mode, rate]);
    console.log(`${mode.padEnd(17)} ${rate.toFixed(0).padStart(8)} ${(bytesIn / Math.max(1, sender.stats.acked)).toFixed(0).padStart(12)} ${pct(rtts, 50).toFixed(2).padStart(11)} ${pct(rtts, 95).toFixed(2).padStart(11)}`);
    sender.close();
  }
  console.log(`throughput vs JSON arrays: packed ${(rows[0]![1] / rows[2]![1]).toFixed(2)}×, per-track ${(rows[1]![1] / rows[2]![1]).toFixed(2)}×`);
  await new Promise<void>((r) => io.close(() => r()));
}

/** Mean visibility of a 132-number skeleton (x, y, z, visibility per landmark). */
const meanVis = (sk: number[]): number => {
  let v = 0;
  for (let i = 3; i < sk.length; i += 4) v += sk[i]!;
  return v / (sk.length / 4);
};

async function analysis(): Promise<void> {
  const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
  if (!existsSync(VTEST) || !existsSync(join(import.meta.dirname, '../models/manifest.json'))) {
    console.log('\nanalysis: skipped (needs opencv-doc footage and models/ from the set-up)');
    return;
  }
  const { ModelsConfig } = await import('../shared/src/config/gym-config.ts');
  const { startChromiumAnalyser } = await import('../web-perception/src/cli/analyse-video/analyse-harness.ts');
  const { decodeVideo, probeVideo } = await import('../web-perception/src/cli/analyse-video/video-decoder.ts');
  const info = await probeVideo(VTEST);
  const frames = [];
  // From 4 s on: 5–6 people in view (the goal asks for 2; this is harder).
  for await (const f of decodeVideo(VTEST, info, { fps: 5, maxSeconds: 4 + FRAMES / 5 })) if (f.t >= 4000) frames.push(f);
  const a = await startChromiumAnalyser({ models: ModelsConfig.parse({ backend: 'wasm' }), roles: ['detector', 'pose', 'body'] });
  console.log(`\nanalysis in headless Chromium (${a.backend}, ${cpus().length} cores, load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}): ${Object.values(a.models).join(', ')}`);
  console.log('cameras  detect every  analysed fps/camera  people/frame  detect ms  pose ms  body ms  total p50  total p95  pose ms/person  with skeleton  mean visibility');
  try {
    for (const [cams, every] of (process.env['BENCH_QUICK'] === '1' ? [[1, 1], [1, 2], [1, 3]] : [[1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [2, 3]]) as [number, number][]) {
      const ids = Array.from({ length: cams }, (_, i) => `cam-${i}`);
      for (const id of ids) await a.begin({ frameIntervalMs: 200 }, 6, id, every);
      const lat: number[] = [];
      const sums: Record<string, number> = {};
      let people = 0;
      let posed = 0;
      let skel = 0;
      let vis = 0;
      const t0 = performance.now();
      let n = 0;
      for (let i = 0; i < FRAMES; i++) {
        for (const [k, id] of ids.entries()) {
          const f = frames[i % frames.length]!; // consecutive frames per camera (tracking needs them)
          const s = performance.now();
          const r = await a.analyse({ ...f, t: i * 200 }, id);
          lat.push(performance.now() - s);
          for (const [st, v] of Object.entries(r.stageMs)) sums[st] = (sums[st] ?? 0) + v;
          people += r.tracks.length;
          posed += r.stageMs['pose'] !== undefined ? Math.min(6, r.tracks.length) : 0;
          for (const t of r.tracks) if (t.skeleton) (skel++, (vis += meanVis(t.skeleton)));
          n++;
        }
      }
      const secs = (performance.now() - t0) / 1000;
      const avg = (k: string) => ((sums[k] ?? 0) / n).toFixed(0);
      console.log(
        `${String(cams).padStart(7)} ${String(every).padStart(13)} ${(FRAMES / secs).toFixed(2).padStart(20)} ${(people / n).toFixed(1).padStart(13)} ${avg('detect').padStart(10)} ${avg('pose').padStart(8)} ${avg('body').padStart(8)} ${pct(lat, 50).toFixed(0).padStart(10)} ${pct(lat, 95).toFixed(0).padStart(10)} ${((sums['pose'] ?? 0) / Math.max(1, posed)).toFixed(0).padStart(15)} ${(skel / Math.max(1, people)).toFixed(2).padStart(14)} ${(vis / Math.max(1, skel)).toFixed(2).padStart(16)}`,
      );
    }
  } finally {
    await a.close();
  }
  console.log('goal: ≥ 5 analysed fps per camera with 2 people in view');
}

/**
 * What pose following costs in tracking quality: the pipeline over the first 8 s of vtest.avi at 5 fps, scored
 * against the hand-checked reference (tracking/vtest-reference.ts) with the detector on every frame, every 2nd,
 * every 3rd: ids issued (6 people in view), mean |tracked − visible| per second, share of tracks with a skeleton.
 */
async function followingQuality(): Promise<void> {
  const { VTEST_FILE, scoreVtest } = await import('../web-perception/src/tracking/vtest-reference.ts');
  if (!existsSync(VTEST_FILE) || !existsSync(join(import.meta.dirname, '../models/manifest.json'))) return;
  const { ModelsConfig } = await import('../shared/src/config/gym-config.ts');
  const { startChromiumAnalyser } = await import('../web-perception/src/cli/analyse-video/analyse-harness.ts');
  const { decodeVideo, probeVideo } = await import('../web-perception/src/cli/analyse-video/video-decoder.ts');
  const info = await probeVideo(VTEST_FILE);
  const frames = [];
  for await (const f of decodeVideo(VTEST_FILE, info, { fps: 5, maxSeconds: 8 })) frames.push(f);
  const a = await startChromiumAnalyser({ models: ModelsConfig.parse({ backend: 'wasm' }), roles: ['detector', 'pose'] });
  console.log(`\npose following vs the vtest reference (first 8 s, 5 fps, 6 people; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`);
  console.log('detect every  ids issued  extra ids  mean |tracked − visible|  with skeleton  detector frames');
  try {
    for (const every of [1, 2, 3]) {
      await a.begin({ frameIntervalMs: 200 }, 6, 'q', every);
      const out: { t: number; ids: number[] }[] = [];
      let tracks = 0;
      let skel = 0;
      let detFrames = 0;
      for (const f of frames) {
        const r = await a.analyse(f, 'q');
        out.push({ t: f.t, ids: r.tracks.map((t) => t.trackId) });
        tracks += r.tracks.length;
        skel += r.tracks.filter((t) => t.skeleton).length;
        if (r.stageMs['detect'] !== undefined) detFrames++;
      }
      const s = scoreVtest(out);
      console.log(`${String(every).padStart(12)} ${String(s.idsIssued).padStart(11)} ${String(s.extraIds).padStart(10)} ${s.countError.toFixed(2).padStart(24)} ${(skel / Math.max(1, tracks)).toFixed(2).padStart(14)} ${`${detFrames}/${frames.length}`.padStart(16)}`);
    }
  } finally {
    await a.close();
  }
}

/** The production path: startPerception in the page → inference Web Worker → sender → socket.io server. */
async function workerPath(): Promise<void> {
  const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
  if (!existsSync(VTEST) || !existsSync(join(import.meta.dirname, '../models/manifest.json'))) return;
  const { startPerceptionHarness } = await import('../web-perception/src/pipeline/testing/perception-harness.ts');
  const { decodeVideo, probeVideo } = await import('../web-perception/src/cli/analyse-video/video-decoder.ts');
  type W = import('../web-perception/src/pipeline/testing/perception-harness.ts').PerceptionWindow;
  const info = await probeVideo(VTEST);
  const frames: { data: Buffer; width: number; height: number }[] = [];
  for await (const f of decodeVideo(VTEST, info, { fps: 5, maxSeconds: 4 + FRAMES / 5 })) if (f.t >= 4000) frames.push(f);
  const h = await startPerceptionHarness();
  console.log('\nworker page path (startPerception → inference Web Worker → socket.io), frames offered at 5 fps per camera as fast as analysed');
  console.log('cameras  detect every  analysed fps/camera  frame→message p50 ms  p95 ms  people/frame');
  try {
    for (const [cams, every] of [[1, 1], [1, 3], [2, 1], [2, 3]] as const) {
      await h.page.reload();
      await h.page.waitForFunction(() => 'gymPerception' in window);
      await h.page.evaluate(([token, d]) => (window as unknown as W).gymPerception.start({ token, fps: 5, roles: ['detector', 'pose', 'body'], detectEvery: d }), [h.token, every] as const);
      while (!(await h.page.evaluate(() => (window as unknown as W).gymPerception.connected()))) await new Promise((r) => setTimeout(r, 50));
      h.arrivals.length = 0;
      const lat: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < FRAMES; i++) {
        const items = Array.from({ length: cams }, (_, k) => ({ cameraId: `cam-${k}`, url: h.putFrame(frames[i % frames.length]!.data), ts: Date.now(), width: frames[0]!.width, height: frames[0]!.height }));
        const before = h.arrivals.length;
        await h.page.evaluate((it) => (window as unknown as W).gymPerception.offerMany(it), items);
        while (h.arrivals.length < before + cams) await new Promise((r) => setTimeout(r, 2));
        for (const a of h.arrivals.slice(before)) if (a.parsed.success) lat.push(a.at - a.parsed.data.frameTs);
      }
      const secs = (performance.now() - t0) / 1000;
      const people = h.arrivals.reduce((n, a) => n + (a.parsed.data?.tracks.length ?? 0), 0) / Math.max(1, h.arrivals.length);
      console.log(`${String(cams).padStart(7)} ${String(every).padStart(13)} ${(FRAMES / secs).toFixed(2).padStart(20)} ${pct(lat, 50).toFixed(0).padStart(21)} ${pct(lat, 95).toFixed(0).padStart(7)} ${people.toFixed(1).padStart(13)}`);
    }
  } finally {
    await h.close();
  }
}

// BENCH_ONLY=analysis (or sending, workerPath) runs one part; BENCH_QUICK=1 runs the analysis at 1 camera only.
const only = process.env['BENCH_ONLY'];
if (!only || only === 'sending') await sending();
if (!only || only === 'analysis') await analysis();
if (!only || only === 'quality') await followingQuality();
if (!only || only === 'workerPath') await workerPath();
