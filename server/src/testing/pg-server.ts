/**
 * A real PostgreSQL server for tests: Debian's PostgreSQL (installed by the set-up step), one throwaway cluster per
 * test process in a temporary directory (trust auth, loopback only, a free port), a fresh database per test.
 * Debian 12 ships no pgvector, so this path also proves the schema and repositories work without it (the
 * `postgres` path over PGlite's wire protocol covers pgvector on PostgreSQL's driver).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort } from '@gym/shared/testing/free-port.ts';

interface Cluster {
  port: number;
  adminUrl: string;
}

let cluster: Promise<Cluster> | null = null;
let seq = 0;

/** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/<major>/bin). */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const majors = readdirSync(base).filter((d) => existsSync(join(base, d, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(base, majors[0], 'bin') : null;
}

function asPostgresUser(cmd: string, args: string[]) {
  // initdb and postgres refuse to run as root: run them as Debian's `postgres` system user then.
  const root = process.getuid?.() === 0;
  const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r;
}

async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (scripts/setup.d/10-apt.sh installs Debian\'s postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'gym-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  asPostgresUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  // Test workers are often ended by a signal, with no 'exit' event: a detached watcher stops the cluster and removes
  // its directory once this process is gone, however it ends.
  const stop = `${process.getuid?.() === 0 ? 'runuser -u postgres -- ' : ''}${join(bin, 'pg_ctl')} -D ${data} -m immediate stop`;
  spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf ${dir}`], { detached: true, stdio: 'ignore' }).unref();
  return { port, adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

/** A fresh, empty database on this process's PostgreSQL server; `drop()` removes it. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  cluster ??= startCluster();
  const c = await cluster;
  const name = `gym_test_${process.pid}_${++seq}`;
  const admin = postgres(c.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    url: `postgres://postgres@127.0.0.1:${c.port}/${name}`,
    drop: async () => {
      const a = postgres(c.adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}
