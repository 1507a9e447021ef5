import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../../..');

/**
 * Where scripts/setup.d/30-mediasoup.sh caches the worker it built: `<cache>/mediasoup-worker/<version>-<hash>/`,
 * the hash covering everything under scripts/mediasoup/ (same order and bytes as the shell step's
 * `find . -type f | LC_ALL=C sort | xargs cat | sha256sum`).
 */
export function cachedWorkerBin(cacheDir: string, mediasoupVersion: string): string {
  const base = resolve(repoRoot, 'scripts/mediasoup');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push('./' + relative(base, p));
    }
  };
  walk(base);
  files.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(join(base, f)));
  return join(cacheDir, 'mediasoup-worker', `${mediasoupVersion}-${h.digest('hex').slice(0, 12)}`, 'mediasoup-worker');
}
