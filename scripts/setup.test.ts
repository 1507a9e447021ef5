import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const setup = (...args: string[]) => spawnSync('bash', ['scripts/setup.sh', ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });

describe('set-up', () => {
  it('skips finished steps on a second run', () => {
    const first = setup('apt', 'npm');
    expect(first.status, first.stderr).toBe(0);
    const second = setup('apt', 'npm');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('npm packages up to date');
    expect(second.stdout).not.toContain('installing Debian packages');
    expect(second.stdout).toMatch(/set-up complete/);
  });

  it('refuses an unknown step by name', () => {
    const r = setup('no-such-step');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("no set-up step named 'no-such-step'");
  });
});
