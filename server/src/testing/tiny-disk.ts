/**
 * A tiny real disk for "disk full" tests: a tmpfs of a few KiB mounted on a fresh directory (needs root, as on
 * these machines and in CI containers with CAP_SYS_ADMIN). Returns null where it cannot be mounted, so the test
 * says it was skipped instead of faking ENOSPC.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TinyDisk {
  dir: string;
  unmount(): void;
}

export function mountTinyDisk(kib: number): TinyDisk | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'gym-tiny-disk-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k,mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
