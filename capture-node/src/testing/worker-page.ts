import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const repoRoot = resolve(import.meta.dirname, '../../..');

/**
 * Builds only the worker page (web-perception/index.html) into a fresh directory laid out like dist/, for tests
 * and benches that must not depend on the other apps building. Returns the directory.
 */
export async function buildWorkerPage(outDir = mkdtempSync(join(tmpdir(), 'gym-worker-page-'))): Promise<string> {
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    resolve: { alias: { '@gym/shared': resolve(repoRoot, 'shared/src/index.ts') } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      rollupOptions: { input: { worker: resolve(repoRoot, 'web-perception/index.html') } },
    },
  });
  return outDir;
}
