/** A throwaway Redis (Debian's redis-server, installed by the set-up step) on a free loopback port, no persistence. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from '@gym/shared/testing/free-port.ts';

export interface TestRedis {
  url: string;
  proc: ChildProcess;
  stop(): void;
}

export async function startRedis(): Promise<TestRedis> {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server is not installed (scripts/setup.d/10-apt.sh installs it)');
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() !== 'PONG') {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, proc, stop: () => proc.kill() };
}
