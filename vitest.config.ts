import { defineConfig } from 'vitest/config';

// One run covers the unit and integration tests of every package (co-located *.test.ts).
// e2e/ (Playwright) runs separately: see scripts/test-all.mjs.
export default defineConfig({
  test: {
    include: ['{shared,exercise,footage,server,capture-node,web-perception,apps,scripts,ml}/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration tests start real Chromium, mediasoup and databases: keep parallelism modest on 2 cores.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
