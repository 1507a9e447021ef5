/**
 * Test footage for the model tests and the bench: frames of Debian opencv-doc's vtest.avi (people walking,
 * 768×576, 10 fps) and its messi5.jpg, extracted with ffmpeg into a temporary folder once per process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VTEST = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
export const MESSI = '/usr/share/doc/opencv-doc/examples/data/messi5.jpg';

let dir: string | undefined;

/** PNG frames of vtest.avi at the given times (seconds). */
export function vtestFrames(times: readonly number[]): string[] {
  if (!existsSync(VTEST)) throw new Error(`${VTEST} is missing: apt-get install opencv-doc (scripts/setup.d/10-apt.sh)`);
  dir ??= mkdtempSync(join(tmpdir(), 'gym-frames-'));
  return times.map((t) => {
    const out = join(dir!, `vtest-${t.toFixed(2)}.png`);
    if (!existsSync(out)) execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-ss', String(t), '-i', VTEST, '-frames:v', '1', out]);
    return out;
  });
}

/** messi5.jpg re-framed (crop + scale) with ffmpeg: the same face at another position and size. */
export function messiVariant(filter: string, name: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'gym-frames-'));
  const out = join(dir, `${name}.png`);
  if (!existsSync(out)) execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', MESSI, '-vf', filter, out]);
  return out;
}
