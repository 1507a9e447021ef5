/**
 * Cross-host camera latency: `npx tsx bench/cross-host.bench.ts` (root: it makes two network namespaces).
 *
 * Two capture hosts in network namespaces joined by a veth pair, as in multi-host.integration.test.ts. Host A runs
 * the simulated camera (stamping the wall clock into every frame) and capture-node A, which ingests it; host B runs
 * capture-node B. In the same run, two worker pages (headless Chromium, one in each namespace) read the camera's
 * time code back:
 *  - same host (the reference): the page on host A consumes the camera from capture-node A directly;
 *  - cross host: the page on host B consumes it from capture-node B, which pipes it from A (PipeTransport, SRTP).
 * Prints glass-to-glass latency p50/p95 per path and what the pipe adds. BENCH_SECONDS (default 20), BENCH_FPS (15).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { SimCamera } from '../capture-node/src/sim-camera/sim-camera.ts';
import { buildWorkerPage } from '../capture-node/src/testing/worker-page.ts';
import { waitFor } from '../capture-node/src/testing/harness.ts';
import { launchChromium, type RunningChromium } from '../capture-node/src/workers/chromium.ts';
import { headline } from './lib/report.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const FPS = Number(process.env['BENCH_FPS'] ?? 15);
const ROOT = resolve(import.meta.dirname, '..');
const id = process.pid % 10000;
const NS_A = `gym-la-${id}`;
const NS_B = `gym-lb-${id}`;
const IP_A = '10.231.11.1';
const IP_B = '10.231.11.2';
const TOKEN = 'peer-token-of-the-latency-bench';

const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const sh = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const procs: ChildProcess[] = [];
function inNs(ns: string, cmd: string[], env: Record<string, string>): void {
  const p = spawn('ip', ['netns', 'exec', ns, ...cmd], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  procs.push(p);
}

async function pageOn(browser: RunningChromium, origin: string): Promise<Page> {
  const ctx = browser.browser.contexts()[0]!;
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${origin}/web-perception/index.html?worker=bench&cameras=cam-x&stamp=1&token=${TOKEN}&signaling=${encodeURIComponent(origin)}`);
  await waitFor(`frames on ${origin}`, () => page.evaluate((n) => (window.gymWorker?.stats().cameras[0]?.decodedFrames ?? 0) > n, FPS).catch(() => false), 120_000, 500);
  return page;
}
const latencies = (page: Page) => page.evaluate(() => window.gymWorker?.latencies('cam-x') ?? []);

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('needs root for ip netns');
  console.log(`cross-host latency bench: 1280x720 @ ${FPS} fps, ${SECONDS} s window, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
  const dir = mkdtempSync(join(tmpdir(), 'gym-xhost-'));
  const webDist = await buildWorkerPage();
  sh('netns', 'add', NS_A);
  sh('netns', 'add', NS_B);
  const browsers: RunningChromium[] = [];
  try {
    sh('link', 'add', `gla${id}`, 'type', 'veth', 'peer', 'name', `glb${id}`);
    sh('link', 'set', `gla${id}`, 'netns', NS_A);
    sh('link', 'set', `glb${id}`, 'netns', NS_B);
    for (const [ns, dev, ip] of [[NS_A, `gla${id}`, IP_A], [NS_B, `glb${id}`, IP_B]] as const) {
      sh('-n', ns, 'link', 'set', 'lo', 'up');
      sh('-n', ns, 'addr', 'add', `${ip}/24`, 'dev', dev);
      sh('-n', ns, 'link', 'set', dev, 'up');
    }
    const gymFile = join(dir, 'gym.json');
    writeFileSync(gymFile, JSON.stringify({
      gym: { id: 'latency-gym', name: 'Latency bench gym' },
      nodes: [{ id: 'node-a', url: `http://${IP_A}:8090` }, { id: 'node-b', url: `http://${IP_B}:8090` }],
      cameras: [{ id: 'cam-x', name: 'Camera on host A', rtspUrl: `rtsp://${IP_A}:8554/vtest`, node: 'node-a' }],
    }));
    const cam = new SimCamera({ port: 8554, host: IP_A, width: 1280, height: 720, fps: FPS, gop: FPS, stamp: true });
    inNs(NS_A, ['/usr/bin/python3', ...cam.args()], {});
    const common = { GYM_CONFIG: gymFile, CAPTURE_PORT: '8090', CAPTURE_TOKENS: TOKEN, CAPTURE_PEER_TOKEN: TOKEN, LOG_LEVEL: 'warn', WEB_DIST_DIR: webDist, CAPTURE_WORKERS: 'false' };
    for (const [ns, node, ip] of [[NS_A, 'node-a', IP_A], [NS_B, 'node-b', IP_B]] as const)
      inNs(ns, ['node', '--import', 'tsx', 'capture-node/src/main.ts'], { ...common, CAPTURE_NODE_ID: node, CAPTURE_HOST: ip, CAPTURE_RTC_LISTEN_IP: ip, CAPTURE_ANNOUNCED_IP: ip });
    for (const [ns, ip] of [[NS_A, IP_A], [NS_B, IP_B]] as const)
      await waitFor(`capture-node on ${ip}`, () => {
        try {
          return execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '-o', '/dev/null', '-m', '3', '-w', '%{http_code}', `http://${ip}:8090/health`], { encoding: 'utf8' }) !== '000';
        } catch {
          return false;
        }
      }, 120_000, 500);
    // A Chromium inside each namespace: a wrapper that enters it (the DevTools pipe is inherited through exec).
    for (const ns of [NS_A, NS_B]) {
      const wrapper = join(dir, `chromium-${ns}.sh`);
      writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} /usr/bin/chromium "$@"\n`);
      chmodSync(wrapper, 0o755);
      browsers.push(await launchChromium(wrapper));
    }
    const same = await pageOn(browsers[0]!, `http://${IP_A}:8090`);
    const cross = await pageOn(browsers[1]!, `http://${IP_B}:8090`);
    await new Promise((r) => setTimeout(r, 3000)); // warm-up
    const s0 = (await latencies(same)).length;
    const c0 = (await latencies(cross)).length;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const sl = (await latencies(same)).slice(s0);
    const cl = (await latencies(cross)).slice(c0);
    console.log('\nglass-to-glass latency (camera stamp → decoded frame in a worker page), ms');
    console.log('path                                        samples   p50    p95    max   p50 − same host');
    for (const [name, xs] of [['same host (page on A, camera on A)', sl], ['cross host (page on B, piped from A)', cl]] as const)
      console.log(`${name.padEnd(43)} ${String(xs.length).padStart(7)} ${pct(xs, 50).toFixed(0).padStart(5)} ${pct(xs, 95).toFixed(0).padStart(6)} ${Math.max(...xs).toFixed(0).padStart(6)}   ${(pct(xs, 50) - pct(sl, 50)).toFixed(0).padStart(6)} ms`);
    headline({ metric: 'glass-to-glass latency p50, worker page on another host (pipe)', value: pct(cl, 50), unit: 'ms', reference: { label: 'same host', value: pct(sl, 50) } });
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    for (const p of procs) {
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch {}
    }
    for (const ns of [NS_A, NS_B]) {
      try {
        sh('netns', 'del', ns);
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);
