/**
 * Two capture hosts for real: two Linux network namespaces joined by a veth pair (the project's own test hosts;
 * no other network). Host A runs the simulated camera and capture-node A, which ingests it; host B runs
 * capture-node B with one browser worker that analyses the camera, piped from A across the veth link. Checked
 * through B's own /health (worker frame counts). Needs root for `ip netns` (skipped otherwise, with the reason).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCamera } from '../sim-camera/sim-camera.ts';
import { waitFor } from '../testing/harness.ts';
import { buildWorkerPage } from '../testing/worker-page.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const id = process.pid % 10000;
const NS_A = `gym-a-${id}`;
const NS_B = `gym-b-${id}`;
const IP_A = '10.231.7.1';
const IP_B = '10.231.7.2';
const TOKEN = 'peer-token-of-the-test-gym';

function canNetns(): string | null {
  if (process.getuid?.() !== 0) return 'needs root for ip netns';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'ip netns not available';
  }
}
const why = canNetns();
const sh = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

const procs: ChildProcess[] = [];
let logs = '';
function inNs(ns: string, cmd: string[], env: Record<string, string> = {}): ChildProcess {
  const p = spawn('ip', ['netns', 'exec', ns, ...cmd], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  p.stdout!.on('data', (d) => (logs = (logs + d).slice(-6000)));
  p.stderr!.on('data', (d) => (logs = (logs + d).slice(-6000)));
  procs.push(p);
  return p;
}

/** B's /health, asked from inside host B. */
function healthOfB(): { workers: { cameras: { cameraId: string; decodedFrames: number }[] }[]; cameras: { cameraId: string; state: string }[] } | null {
  try {
    const out = execFileSync('ip', ['netns', 'exec', NS_B, 'curl', '-s', '-m', '2', '-H', `authorization: Bearer ${TOKEN}`, `http://${IP_B}:8090/health`], { encoding: 'utf8' });
    return JSON.parse(out);
  } catch {
    return null;
  }
}

beforeAll(async () => {
  if (why) return;
  const webDist = await buildWorkerPage();
  sh('netns', 'add', NS_A);
  sh('netns', 'add', NS_B);
  sh('link', 'add', `gva${id}`, 'type', 'veth', 'peer', 'name', `gvb${id}`);
  sh('link', 'set', `gva${id}`, 'netns', NS_A);
  sh('link', 'set', `gvb${id}`, 'netns', NS_B);
  for (const [ns, dev, ip] of [[NS_A, `gva${id}`, IP_A], [NS_B, `gvb${id}`, IP_B]] as const) {
    sh('-n', ns, 'link', 'set', 'lo', 'up');
    sh('-n', ns, 'addr', 'add', `${ip}/24`, 'dev', dev);
    sh('-n', ns, 'link', 'set', dev, 'up');
  }
  const dir = mkdtempSync(join(tmpdir(), 'gym-multihost-'));
  const gymFile = join(dir, 'gym.json');
  writeFileSync(
    gymFile,
    JSON.stringify({
      gym: { id: 'multi-host-gym', name: 'Multi-host test gym' },
      nodes: [
        { id: 'node-a', url: `http://${IP_A}:8090` },
        { id: 'node-b', url: `http://${IP_B}:8090` },
      ],
      cameras: [{ id: 'cam-x', name: 'Camera on host A', rtspUrl: `rtsp://${IP_A}:8554/vtest`, node: 'node-a', analysedOn: 'node-b' }],
      workers: { count: 1, camerasPerWorker: 4 },
    }),
  );
  const cam = new SimCamera({ port: 8554, host: IP_A, gop: 5 });
  inNs(NS_A, ['/usr/bin/python3', ...cam.args()]);
  const common = { GYM_CONFIG: gymFile, CAPTURE_PORT: '8090', CAPTURE_TOKENS: TOKEN, LOG_LEVEL: 'warn', WEB_DIST_DIR: webDist };
  inNs(NS_A, ['node', '--import', 'tsx', 'capture-node/src/main.ts'], {
    ...common, CAPTURE_NODE_ID: 'node-a', CAPTURE_HOST: IP_A, CAPTURE_RTC_LISTEN_IP: IP_A, CAPTURE_ANNOUNCED_IP: IP_A, CAPTURE_WORKERS: 'false',
  });
  inNs(NS_B, ['node', '--import', 'tsx', 'capture-node/src/main.ts'], {
    ...common, CAPTURE_NODE_ID: 'node-b', CAPTURE_HOST: IP_B, CAPTURE_RTC_LISTEN_IP: IP_B, CAPTURE_ANNOUNCED_IP: IP_B, CAPTURE_PEER_TOKEN: TOKEN,
  });
}, 120_000);

afterAll(() => {
  for (const p of procs) {
    try {
      process.kill(-p.pid!, 'SIGKILL');
    } catch {}
  }
  if (why) return;
  for (const ns of [NS_A, NS_B]) {
    try {
      sh('netns', 'del', ns);
    } catch {}
  }
});

describe.skipIf(why !== null)(`two capture hosts in network namespaces${why ? ` (skipped: ${why})` : ''}`, () => {
  it('a camera ingested on host A is analysed by a worker on host B', async () => {
    const frames = () => healthOfB()?.workers[0]?.cameras.find((c) => c.cameraId === 'cam-x')?.decodedFrames ?? 0;
    try {
      await waitFor('cam-x live on host B', () => healthOfB()?.cameras.find((c) => c.cameraId === 'cam-x')?.state === 'live', 90_000, 1000);
      await waitFor('host B’s worker decoding cam-x', () => frames() > 0, 60_000, 1000);
      const f0 = frames();
      await waitFor('more frames on host B', () => frames() >= f0 + 10, 30_000, 1000);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- host logs ---\n${logs}`);
    }
    expect(healthOfB()!.cameras).toEqual([expect.objectContaining({ cameraId: 'cam-x', state: 'live' })]);
  }, 200_000);
});
