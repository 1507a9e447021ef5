import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Runs scripts/setup.sh over a private steps folder and stamp folder (never the real npm/apt steps mid-suite). */
function setup(stepsDir: string, stamps: string, ...args: string[]) {
  return spawnSync('bash', ['scripts/setup.sh', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, GYM_SETUP_DIR: stepsDir, GYM_STAMPS: stamps },
  });
}

describe('set-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gym-setup-'));
  const steps = join(dir, 'steps');
  const stamps = join(dir, 'stamps');
  const runs = join(dir, 'runs.log');
  const input = join(dir, 'input.txt');
  spawnSync('mkdir', ['-p', steps]);
  writeFileSync(input, 'v1');
  // A step written like the real ones: does its work only when its input changed since the last success.
  writeFileSync(
    join(steps, '10-example.sh'),
    `source "${root}/scripts/lib.sh"
key=$(hash_files "${input}")
if stamp_ok example "$key"; then say "example up to date"; exit 0; fi
with_progress "example work" bash -c 'echo ran >> "${runs}"'
stamp_set example "$key"
`,
  );
  writeFileSync(join(steps, '20-broken.sh'), `source "${root}/scripts/lib.sh"\ndie "the broken step says why"\n`);
  const runCount = () => readFileSync(runs, 'utf8').trim().split('\n').length;

  it('skips a finished step on the second run and redoes it when its input changes', () => {
    const first = setup(steps, stamps, 'example');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('example work done');
    const second = setup(steps, stamps, 'example');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('example up to date');
    expect(runCount()).toBe(1);
    writeFileSync(input, 'v2');
    expect(setup(steps, stamps, 'example').stdout).toContain('example work done');
    expect(runCount()).toBe(2);
  });

  it('stops with the failing step named, and refuses an unknown step', () => {
    const r = setup(steps, stamps);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('the broken step says why');
    expect(r.stderr).toContain("set-up step '20-broken' failed");
    const u = setup(steps, stamps, 'no-such-step');
    expect(u.status).not.toBe(0);
    expect(u.stderr).toContain("no set-up step named 'no-such-step'");
  });

  it('the real apt step finds everything installed on a second run', () => {
    const r = spawnSync('bash', ['scripts/setup.sh', 'apt'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('installing Debian packages');
  });
});
