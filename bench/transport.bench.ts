/**
 * Transport spine benchmark: `npx tsx bench/transport.bench.ts` (or `make bench`).
 *
 * A simulated 720p camera stamps the wall clock into every frame; the time code is read back
 *  - straight from RTSP by a bare ffmpeg decoder (the reference: camera + RTSP + decode only),
 *  - in the worker page under the supervisor (headless Chromium, the perception path),
 *  - in a console-like page (the same stream module with a large visible video, in another Chromium),
 * giving glass-to-glass latency p50/p95 per path, and the CPU the spine costs for that one camera
 * (capture ffmpeg + mediasoup worker + worker Chromium), next to the bare decoder's CPU.
 * BENCH_SECONDS (default 20), BENCH_FPS (default 15), BENCH_TRANSCODE (auto|vp8|h264, default auto = passthrough).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { decodeStamp, stampAgeMs, STAMP_HEIGHT, STAMP_WIDTH } from '../web-perception/src/stream/stamp.ts';
import { SimCamera } from '../capture-node/src/sim-camera/sim-camera.ts';
import { buildWorkerPage } from '../capture-node/src/testing/worker-page.ts';
import { freePort, startTestNode, waitFor } from '../capture-node/src/testing/harness.ts';
import { launchChromium } from '../capture-node/src/workers/chromium.ts';
import { headline } from './lib/report.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const FPS = Number(process.env['BENCH_FPS'] ?? 15);
const TRANSCODE = (process.env['BENCH_TRANSCODE'] ?? 'auto') as 'auto' | 'vp8' | 'h264';
const TICK = 100; // clock ticks per second (Linux USER_HZ)

const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** CPU ticks used so far by a process and all its descendants. */
function treeTicks(root: number): number {
  const kids = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      ticks.set(Number(d), Number(f[11]) + Number(f[12]));
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      /* exited */
    }
  }
  let sum = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    sum += ticks.get(p) ?? 0;
    stack.push(...(kids.get(p) ?? []));
  }
  return sum;
}

/** Reference path: bare ffmpeg decoding the RTSP stream, reading the stamp from the luma plane. */
function referenceDecoder(url: string): { latencies: number[]; pid: number; stop(): void } {
  const latencies: number[] = [];
  const ff = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-fflags', 'nobuffer', '-flags', 'low_delay',
    '-threads', '1', '-i', url, '-vf', `crop=${STAMP_WIDTH}:${STAMP_HEIGHT}:0:0`, '-pix_fmt', 'gray', '-flush_packets', '1', '-f', 'rawvideo', 'pipe:1',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const size = STAMP_WIDTH * STAMP_HEIGHT;
  let buf = Buffer.alloc(0);
  ff.stdout.on('data', (d: Buffer) => {
    const now = Date.now();
    buf = Buffer.concat([buf, d]);
    while (buf.length >= size) {
      const rgba = new Uint8ClampedArray(size * 4);
      for (let i = 0; i < size; i++) rgba[i * 4 + 1] = buf[i]!;
      buf = buf.subarray(size);
      const s = decodeStamp(rgba);
      const age = s && stampAgeMs(s, now);
      if (age != null) latencies.push(age);
    }
  });
  return { latencies, pid: ff.pid!, stop: () => ff.kill('SIGKILL') };
}

async function pageLatencies(page: Page): Promise<number[]> {
  return page.evaluate(() => window.gymWorker?.latencies('cam-a') ?? []);
}

async function main(): Promise<void> {
  console.log(`transport bench: 1280x720 @ ${FPS} fps, ${SECONDS} s window, ingest ${TRANSCODE === 'auto' ? 'H.264 passthrough' : `${TRANSCODE} transcode`}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  const [webDist, port] = await Promise.all([buildWorkerPage(), freePort()]);
  const cam = new SimCamera({ port, width: 1280, height: 720, fps: FPS, gop: FPS, stamp: true });
  await cam.start();
  const node = await startTestNode({
    webDistDir: webDist,
    cameras: [{ id: 'cam-a', rtspUrl: cam.url, transcode: TRANSCODE }],
    tokens: 'bench-token',
    pageParams: { stamp: '1' },
  });
  const consoleBrowser = await launchChromium('/usr/bin/chromium', ['--window-size=1400,900']);
  try {
    const worker = node.supervisor!.workers[0]!;
    await waitFor('worker page frames', async () => worker.page && (await worker.page.evaluate((n) => (window.gymWorker?.stats().cameras[0]?.decodedFrames ?? 0) > n, FPS).catch(() => false)), 60_000, 250);
    const ctx = consoleBrowser.browser.contexts()[0]!;
    const consolePage = ctx.pages()[0] ?? (await ctx.newPage());
    await consolePage.goto(`${node.baseUrl}/web-perception/index.html?worker=console&cameras=cam-a&view=1&stamp=1&token=bench-token&signaling=${encodeURIComponent(node.baseUrl)}`);
    await waitFor('console page frames', () => consolePage.evaluate((n) => (window.gymWorker?.stats().cameras[0]?.decodedFrames ?? 0) > n, FPS), 60_000, 250);
    const ref = referenceDecoder(cam.url);
    await new Promise((r) => setTimeout(r, 3000)); // warm-up
    ref.latencies.length = 0;
    const w0 = (await pageLatencies(worker.page!)).length;
    const c0 = (await pageLatencies(consolePage)).length;
    const pids = {
      ffmpeg: node.cameras.get('cam-a')!.ffmpegPid!,
      mediasoup: node.sfu.workerPid!,
      chromium: worker.pid!,
      reference: ref.pid,
    };
    const t0 = { wall: Date.now(), ...Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, treeTicks(p)])) } as Record<string, number>;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const wall = (Date.now() - t0['wall']!) / 1000;
    const cores = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, (treeTicks(p) - t0[k]!) / TICK / wall]));
    const wl = (await pageLatencies(worker.page!)).slice(w0); // the page keeps 2000 samples: more than a run makes
    const cl = (await pageLatencies(consolePage)).slice(c0);
    const rl = [...ref.latencies];
    ref.stop();

    const rows = [
      ['reference: RTSP → ffmpeg decode', rl],
      ['worker page (headless, supervised)', wl],
      ['console-like page (view=1)', cl],
    ] as const;
    const r50 = pct(rl, 50);
    console.log('\nglass-to-glass latency (camera stamp → decoded frame), ms');
    console.log('path                                   samples   p50    p95    max   p50 vs reference  spine adds (p50)');
    for (const [name, xs] of rows)
      console.log(`${name.padEnd(38)} ${String(xs.length).padStart(7)} ${pct(xs, 50).toFixed(0).padStart(5)} ${pct(xs, 95).toFixed(0).padStart(6)} ${Math.max(...xs).toFixed(0).padStart(6)}   ${(pct(xs, 50) / r50).toFixed(2)}×`.padEnd(20) + `${(pct(xs, 50) - r50).toFixed(0).padStart(6)} ms`);
    const spine = cores['ffmpeg']! + cores['mediasoup']! + cores['chromium']!;
    headline({ metric: 'glass-to-glass latency p50, worker page, 720p', value: pct(wl, 50), unit: 'ms', reference: { label: 'bare ffmpeg RTSP decode', value: r50 } });
    headline({ metric: 'CPU of the spine for one 720p camera', value: spine, unit: 'cores', reference: { label: 'bare ffmpeg RTSP decode', value: cores['reference']! } });
    console.log('\nCPU for one 720p camera (cores busy, 1.00 = one core)');
    console.log(`capture ffmpeg (${TRANSCODE === 'auto' ? 'passthrough' : TRANSCODE})`.padEnd(38), cores['ffmpeg']!.toFixed(3));
    console.log('mediasoup worker'.padEnd(38), cores['mediasoup']!.toFixed(3));
    console.log('worker Chromium (all processes)'.padEnd(38), cores['chromium']!.toFixed(3));
    console.log('spine total'.padEnd(38), spine.toFixed(3));
    console.log('reference: bare ffmpeg RTSP decode'.padEnd(38), cores['reference']!.toFixed(3), `(spine = ${(spine / cores['reference']!).toFixed(1)}× reference)`);
  } finally {
    await consoleBrowser.close();
    await node.stop();
    await cam.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);
