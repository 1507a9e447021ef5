#!/usr/bin/env node
// Runs the whole system on embedded defaults after `make setup`:
//   migrate → build the web apps → start every process → wait until each is ready → print the URLs.
// Ctrl-C (or SIGTERM) stops every process cleanly. A process that crashes is restarted with backoff.
// `--smoke` starts everything, waits until it is ready, prints the URLs and stops again (used by tests).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const smoke = process.argv.includes('--smoke');
const env = { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };
const PORT = Number(env.PORT ?? 8080);
const CAPTURE_PORT = Number(env.CAPTURE_PORT ?? 8090);
const GYM_CACHE = env.GYM_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'smart-gym');
/** The rendered demo gym the second simulated camera loops (scripts/setup.d/36-rendered-footage.sh renders it). */
const DEMO_FOOTAGE = join(GYM_CACHE, 'footage', 'rendered', 'demo-gym.mp4');
const tty = process.stdout.isTTY;
const paint = (code, s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const say = (s) => console.log(paint('1;34', '[dev-up]'), s);

/** Every process of the system. `when` skips parts that are not in this checkout yet. */
const processes = [
  {
    name: 'server',
    color: '32',
    cmd: ['npx', 'tsx', 'server/src/main.ts'],
    env: { PORT: String(PORT), CAPTURE_PUBLIC_URL: `http://127.0.0.1:${CAPTURE_PORT}` },
    ready: { url: `http://127.0.0.1:${PORT}/health` },
  },
  {
    name: 'camera-sim',
    color: '35',
    when: 'capture-node/src/sim-camera/main.ts',
    cmd: ['npx', 'tsx', 'capture-node/src/sim-camera/main.ts'],
  },
  {
    // The rendered demo gym (footage/, rendered by the set-up): people exercising, walking and talking.
    name: 'camera-gym',
    color: '35',
    when: 'capture-node/src/sim-camera/main.ts',
    cmd: ['npx', 'tsx', 'capture-node/src/sim-camera/main.ts'],
    env: { SIM_CAMERA_PORT: '8555', SIM_CAMERA_PATH: 'gym', SIM_CAMERA_FOOTAGE: DEMO_FOOTAGE, SIM_CAMERA_WIDTH: '1280', SIM_CAMERA_HEIGHT: '720' },
  },
  {
    name: 'capture',
    color: '36',
    when: 'capture-node/src/main.ts',
    cmd: ['npx', 'tsx', 'capture-node/src/main.ts'],
    env: { CAPTURE_PORT: String(CAPTURE_PORT), SERVER_URL: `http://127.0.0.1:${PORT}` },
    ready: { url: `http://127.0.0.1:${CAPTURE_PORT}/health` },
  },
].filter((p) => !p.when || existsSync(join(root, p.when)));

function step(label, cmd) {
  say(`${label}…`);
  const t0 = Date.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
  if (r.status !== 0) {
    process.stderr.write(r.stdout);
    process.stderr.write(r.stderr);
    say(paint('31', `${label} failed`));
    process.exit(1);
  }
  say(`${label} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

step('migrating the database', ['npx', 'gym', 'migrate']);
step('building the web apps (vite)', ['npx', 'vite', 'build', '--logLevel', 'warn']);

const running = new Map();
let stopping = false;

const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** An `err` field as text: pino's serialised Error, or whatever else a module put there (a string, an object). */
const errText = (err) => (typeof err === 'string' ? err : err.stack ?? err.message ?? JSON.stringify(err));

/** Shows a pino JSON line as `12:00:01 info [module] message key=value` (GYM_LOG_JSON=1 keeps raw JSON). */
function prettyLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    const { level, time, msg, module, service, pid, hostname, err, ...rest } = JSON.parse(line);
    const t = new Date(time).toISOString().slice(11, 19);
    const lv = LEVELS[level] ?? level;
    const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
    const text = `${t} ${lv}${module ? ` [${module}]` : ''} ${msg ?? ''}${extra ? ` ${extra}` : ''}${err ? `\n${errText(err)}` : ''}`;
    return level >= 50 ? paint('31', text) : level >= 40 ? paint('33', text) : text;
  } catch {
    return line;
  }
}

function start(p, attempt = 0) {
  const child = spawn(p.cmd[0], p.cmd.slice(1), { cwd: root, env: { ...env, ...p.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = paint(p.color, `${p.name.padEnd(10)}|`);
  const pipe = (stream, out) => {
    let buf = '';
    const pretty = process.env.GYM_LOG_JSON ? (l) => l : prettyLine;
    stream.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        out.write(`${prefix} ${pretty(buf.slice(0, i))}\n`);
        buf = buf.slice(i + 1);
      }
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  const startedAt = Date.now();
  child.on('exit', (code, signal) => {
    running.delete(p.name);
    if (stopping) return;
    const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
    const delay = Math.min(30_000, 1000 * 2 ** next);
    say(paint('31', `${p.name} exited (${signal ?? code}); restarting in ${delay / 1000} s`));
    setTimeout(() => !stopping && start(p, next), delay).unref();
  });
  running.set(p.name, child);
}

async function waitReady(p, timeoutMs = 120_000) {
  if (!p.ready) return true;
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs && !stopping) {
    try {
      const r = await fetch(p.ready.url);
      if (r.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const c of running.values()) try { process.kill(-c.pid, 'SIGTERM'); } catch {}
  const t0 = Date.now();
  while (running.size && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 100));
  for (const c of running.values()) try { process.kill(-c.pid, 'SIGKILL'); } catch {}
  say('all processes stopped');
  process.exit(code);
}
// When whoever started us dies without a signal (a killed test runner, a closed terminal), stop too: children run
// in their own process groups and would otherwise be left behind.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void stopAll(1);
}, 1000).unref();
process.on('SIGHUP', () => void stopAll(0));
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// In order, each once the one before is ready: the server creates the dev secrets (worker token, JWT secret)
// that capture-node and its workers read.
let ok = true;
for (const p of processes) {
  start(p);
  const ready = await waitReady(p);
  if (!ready) { ok = false; say(paint('31', `${p.name} did not become ready`)); }
}
const base = `http://127.0.0.1:${PORT}`;
function adminHint() {
  const dataDir = env.GYM_DATA_DIR ?? join(root, '.gym/data');
  const file = join(dataDir, 'secrets', 'admin-password');
  if (!existsSync(file)) return '';
  return `\n  first admin     admin@gym.local, password in ${file}`;
}
console.log(`
${paint('1;32', ok ? 'Smart Gym is running' : 'Smart Gym started with errors (see above)')}
  staff console   ${base}/apps/console/
  member app      ${base}/apps/member/
  API + docs      ${base}/docs
  worker view     http://127.0.0.1:${CAPTURE_PORT}/web-perception/index.html?cameras=cam-floor&token=dev-capture-token&view=1
  processes       ${processes.map((p) => p.name).join(', ')}${adminHint()}
Press Ctrl-C to stop everything.
`);
if (smoke) await stopAll(ok ? 0 : 1);
