import { defineConfig } from '@playwright/test';

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
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
    },
  },
});
