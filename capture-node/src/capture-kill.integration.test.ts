/**
 * #18 fault: capture-node is SIGKILLed (OOM killer, a crash) and started again, as systemd does. What the gym sees:
 * the camera is back live and ingesting on the new process, and nothing of the dead one lingers: its ffmpeg (which
 * would keep pulling the camera's RTSP stream, and cameras allow few sessions) and its mediasoup workers die with
 * it. Real processes: the simulated RTSP camera, capture-node's main.ts (browser workers off: the Chromium kill is
 * transport.integration.test.ts), ffmpeg, mediasoup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraHealth } from '@gym/shared';
import { SimCamera } from './sim-camera/sim-camera.ts';
import { freePort, waitFor } from './testing/harness.ts';

const root = resolve(import.meta.dirname, '../..');

/** Pids whose parent is `ppid` (from /proc), with their command names. */
function childrenOf(ppid: number): { pid: number; comm: string }[] {
  const out: { pid: number; comm: string }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push({ pid: Number(d), comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

const alive = (pid: number) => {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0];
    return state !== 'Z' && existsSync(`/proc/${pid}`);
  } catch {
    return false;
  }
};

describe('capture-node SIGKILLed and started again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gym-capture-kill-'));
  let cam: SimCamera;
  let port = 0;
  const procs: ChildProcess[] = [];

  beforeAll(async () => {
    cam = new SimCamera({ port: await freePort(), gop: 5 });
    await cam.start();
    port = await freePort();
    writeFileSync(join(dir, 'gym.json'), JSON.stringify({ gym: { id: 'kill-gym', name: 'Kill gym' }, cameras: [{ id: 'cam-a', name: 'A', rtspUrl: cam.url, transcode: 'auto' }], workers: { count: 0, camerasPerWorker: 4 } }));
  });
  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await cam?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startNode(): Promise<ChildProcess> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(CAPTURE_|SERVER_URL|GYM_ENV|NODE_ENV)/.test(k)) env[k] = v;
    Object.assign(env, { GYM_CONFIG: join(dir, 'gym.json'), CAPTURE_PORT: String(port), CAPTURE_WORKERS: '0', CAPTURE_RTC_MIN_PORT: '43000', CAPTURE_RTC_MAX_PORT: '43499', WEB_DIST_DIR: join(dir, 'no-dist'), LOG_LEVEL: 'warn', CAPTURE_MEDIASOUP_WORKERS: '1' });
    const p = spawn(process.execPath, ['--import', 'tsx', 'capture-node/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
    procs.push(p);
    await waitFor('cam-a live on capture-node', async () => {
      if (p.exitCode !== null) throw new Error(`capture-node exited ${p.exitCode}: ${err}`);
      const r = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
      if (!r?.ok) return false;
      const h = (await r.json()) as { cameras: CameraHealth[] };
      return h.cameras.find((c) => c.cameraId === 'cam-a')?.state === 'live';
    }, 90_000, 250);
    return p;
  }

  it('leaves no ffmpeg or mediasoup worker behind, and ingests again after the restart', async () => {
    const first = await startNode();
    const kids = childrenOf(first.pid!);
    expect(kids.map((k) => k.comm)).toEqual(expect.arrayContaining([expect.stringMatching(/ffmpeg/), expect.stringMatching(/mediasoup/)]));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await waitFor(`the dead node's children to exit`, () => kids.every((k) => !alive(k.pid)), 20_000, 200).catch((e) => {
      throw new Error(`${(e as Error).message}; still running: ${kids.filter((k) => alive(k.pid)).map((k) => k.comm).join(", ")}`);
    });

    const second = await startNode();
    expect(childrenOf(second.pid!).some((k) => /ffmpeg/.test(k.comm))).toBe(true);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  }, 240_000);
});
