/**
 * Two test hosts in Linux network namespaces joined by a veth pair, for the multi-host integration tests: processes
 * started inside a host (their own process group, their output kept as the hosts' log tail), HTTP probes from a
 * host, and the gym's PostgreSQL (Debian's) started on a host. Needs root for `ip netns`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Why the netns tests cannot run here (not root, no `ip netns`, a missing program or file), or null. */
export function netnsSkipReason(programs: readonly string[], files: readonly { path: string; why: string }[] = []): string | null {
  if (process.getuid?.() !== 0) return 'needs root for ip netns';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return 'ip netns not available';
  }
  for (const bin of programs) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    } catch {
      return `${bin} is not installed`;
    }
  }
  for (const f of files) if (!existsSync(f.path)) return f.why;
  return null;
}

export const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Kills a process started by `NetnsHosts.run` with its whole group (capture-node, its ffmpeg and its browsers). */
export function killGroup(p: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-p.pid!, sig);
  } catch {}
}

export class NetnsHosts {
  /** The last 8000 characters the hosts' processes wrote (stdout without a line handler, and stderr). */
  logs = '';
  readonly procs: ChildProcess[] = [];

  constructor(
    readonly a: { ns: string; ip: string },
    readonly b: { ns: string; ip: string },
  ) {}

  /** Creates both namespaces and the veth pair `devA`–`devB` between them, each end with its host's /24 address. */
  create(devA: string, devB: string): void {
    ip('netns', 'add', this.a.ns);
    ip('netns', 'add', this.b.ns);
    ip('link', 'add', devA, 'type', 'veth', 'peer', 'name', devB);
    ip('link', 'set', devA, 'netns', this.a.ns);
    ip('link', 'set', devB, 'netns', this.b.ns);
    for (const [h, dev] of [[this.a, devA], [this.b, devB]] as const) {
      ip('-n', h.ns, 'link', 'set', 'lo', 'up');
      ip('-n', h.ns, 'addr', 'add', `${h.ip}/24`, 'dev', dev);
      ip('-n', h.ns, 'link', 'set', dev, 'up');
    }
  }

  /**
   * Starts `cmd` inside namespace `ns` in its own process group, from the repo root, with this process's
   * environment less the gym's deployment variables, plus `env`. `onLine` gets stdout line by line.
   */
  run(ns: string, cmd: string[], env: Record<string, string> = {}, onLine?: (line: string) => void): ChildProcess {
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|ANTHROPIC_|REDIS_URL|PUBLIC_URL|CAPTURE_|SERVER_)/.test(k)) base[k] = v;
    const p = spawn('ip', ['netns', 'exec', ns, ...cmd], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let buf = '';
    p.stdout!.on('data', (d) => {
      if (!onLine) return void (this.logs = (this.logs + d).slice(-8000));
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    p.stderr!.on('data', (d) => (this.logs = (this.logs + d).slice(-8000)));
    this.procs.push(p);
    return p;
  }

  /** Whether `url` answers at all from namespace `ns` (any HTTP status: a /health may say 503 while starting). */
  answers(ns: string, url: string): boolean {
    try {
      return Number(execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '-o', '/dev/null', '-m', '3', '-w', '%{http_code}', url], { encoding: 'utf8' })) > 0;
    } catch {
      return false;
    }
  }

  /** The body of `url` fetched from namespace `ns` (null on an error status or no answer). */
  curl(ns: string, url: string, token?: string): string | null {
    try {
      return execFileSync('ip', ['netns', 'exec', ns, 'curl', '-sf', '-m', '3', ...(token ? ['-H', `authorization: Bearer ${token}`] : []), url], { encoding: 'utf8' });
    } catch {
      return null;
    }
  }

  /** The PostgreSQL of host A: its URL, and `psql` from host A (unaligned, comma-separated rows). */
  readonly pgUrl = (): string => `postgres://postgres@${this.a.ip}:5432/postgres`;
  psql(query: string): string {
    return execFileSync('ip', ['netns', 'exec', this.a.ns, 'psql', this.pgUrl(), '-At', '-F', ',', '-c', query], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  /**
   * Starts Debian's PostgreSQL on host A (trust auth for the hosts' /24, no fsync) in a fresh data directory, owned
   * by the postgres user (who cannot enter the test's private directories); returns that directory for cleanup.
   */
  async startPostgres(): Promise<string> {
    const bin = join('/usr/lib/postgresql', execFileSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' }).trim().split('\n').sort().at(-1)!, 'bin');
    const pgDir = mkdtempSync(join(tmpdir(), 'gym-netns-pg-'));
    chownSync(pgDir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'initdb'), '-D', join(pgDir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { stdio: 'ignore' });
    appendFileSync(join(pgDir, 'data', 'pg_hba.conf'), `host all all ${this.a.ip}/24 trust\n`);
    this.run(this.a.ns, ['runuser', '-u', 'postgres', '--', join(bin, 'postgres'), '-D', join(pgDir, 'data'), '-p', '5432', '-k', pgDir, '-c', `listen_addresses=${this.a.ip}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off']);
    await waitFor('PostgreSQL on host A', () => {
      try {
        return this.psql('select 1') === '1';
      } catch {
        return false;
      }
    }, 30_000, 300);
    return pgDir;
  }

  /** Kills every process started here and deletes both namespaces. */
  close(): void {
    for (const p of this.procs) killGroup(p, 'SIGKILL');
    for (const ns of [this.a.ns, this.b.ns]) {
      try {
        ip('netns', 'del', ns);
      } catch {}
    }
  }
}
