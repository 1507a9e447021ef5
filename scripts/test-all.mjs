#!/usr/bin/env node
// Runs every test suite and ends with one line that sums them: `N passed, N failed`.
// Suites: vitest (unit + integration across all packages), Playwright (e2e/). Exit code 1 on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.gym', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const only = process.argv.slice(2); // e.g. `node scripts/test-all.mjs vitest`

function vitestSuite(name, args, file) {
  return {
    name,
    cmd: ['npx', 'vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, file)}`],
    count: () => {
      const r = JSON.parse(readFileSync(join(out, file), 'utf8'));
      // A file that fails without a failing test (import error, crash) counts as one failure.
      const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
      return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
    },
  };
}

const suites = [
  {
    // The whole repo under the strict root tsconfig: one check, one pass or fail.
    name: 'typecheck',
    cmd: ['npx', 'tsc', '-p', 'tsconfig.json'],
    count: (status) => ({ passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0 }),
  },
  vitestSuite('vitest', ['--exclude', '**/*.integration.test.ts'], 'vitest.json'),
  // The whole-spine tests (RTSP → mediasoup → Chromium → models → server) run one file at a time, so two of them
  // never starve each other's real-time video of the 2 cores.
  vitestSuite('integration', ['--no-file-parallelism', 'integration.test.ts'], 'integration.json'),
  {
    name: 'e2e',
    cmd: ['npx', 'playwright', 'test', '-c', 'e2e/playwright.config.ts'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'e2e.json') },
    count: () => {
      const s = JSON.parse(readFileSync(join(out, 'e2e.json'), 'utf8')).stats;
      return { passed: s.expected + (s.flaky ?? 0), failed: s.unexpected, skipped: s.skipped };
    },
  },
];

let passed = 0, failed = 0, skipped = 0;
for (const s of suites) {
  if (only.length && !only.includes(s.name)) continue;
  console.log(`\n=== ${s.name} ===`);
  const t0 = Date.now();
  const r = spawnSync(s.cmd[0], s.cmd.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, ...s.env } });
  let c;
  try {
    c = s.count(r.status);
  } catch (e) {
    console.error(`${s.name}: no result file (${e.message}); counting the suite as one failure`);
    c = { passed: 0, failed: 1, skipped: 0 };
  }
  if (r.status !== 0 && c.failed === 0) c.failed = 1; // crashed runner
  console.log(`=== ${s.name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (${((Date.now() - t0) / 1000).toFixed(0)} s) ===`);
  passed += c.passed; failed += c.failed; skipped += c.skipped;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
