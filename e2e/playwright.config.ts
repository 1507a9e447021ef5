import { defineConfig } from '@playwright/test';
import { CHROMIUM_BASE_FLAGS, CHROMIUM_WEBRTC_FLAGS } from '../shared/src/chromium-flags.ts';

/**
 * End-to-end tests: the whole system as a person sees it, in Debian's Chromium (Playwright's own browser
 * download does not work offline). Each spec starts the processes it needs through fixtures in e2e/fixtures/.
 */
export default defineConfig({
  testDir: './tests',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json']],
  outputDir: '../.gym/test-results/e2e-artifacts',
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_BASE_FLAGS, ...CHROMIUM_WEBRTC_FLAGS],
    },
  },
});
