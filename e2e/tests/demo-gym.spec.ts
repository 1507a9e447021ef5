import { expect, test } from '@playwright/test';
import { io } from 'socket.io-client';
import { startSystem, type RunningSystem } from '../fixtures/system.ts';
import { ConsolePage, LoginPage, loginToken } from '../fixtures/pages.ts';

let system: RunningSystem;
test.beforeAll(async () => {
  test.setTimeout(300_000);
  system = await startSystem();
});
test.afterAll(async () => {
  await system?.stop();
});

test('the rendered demo gym camera is live and the server counts the people exercising in it', async ({ page }) => {
  test.setTimeout(240_000);
  const token = await loginToken(system.baseUrl, 'admin@gym.local', system.adminPassword());
  // Reps arrive on the live channel as the workers analyse the rendered people (footage/, scenes/demo-gym.json).
  const live = io(`${system.baseUrl}/live`, { auth: { token }, transports: ['websocket'] });
  const reps: { exercise: string; personId: string }[] = [];
  const seenOnGym = new Set<string>();
  live.on('event', (e: { type: string; cameraId?: string; personId?: string; exercise?: string }) => {
    if (e.type === 'person.seen' && e.cameraId === 'cam-gym' && e.personId) seenOnGym.add(e.personId);
    if (e.type === 'rep' && e.personId && seenOnGym.has(e.personId)) reps.push({ exercise: e.exercise ?? '', personId: e.personId });
  });
  try {
    await page.goto(`${system.baseUrl}/apps/console/`);
    await new LoginPage(page).signIn('admin@gym.local', system.adminPassword());
    const tile = new ConsolePage(page).camera('cam-gym');
    await expect(tile).toContainText('Training area (rendered demo)');
    await expect(tile.getByTitle('camera health')).toHaveText('live', { timeout: 60_000 });
    await expect
      .poll(async () => tile.locator('video').evaluate((v: HTMLVideoElement) => `${v.videoWidth}x${v.videoHeight}`), { timeout: 90_000 })
      .toBe('1280x720');
    await expect.poll(() => reps.length, { timeout: 150_000, message: 'no rep counted on the demo gym camera' }).toBeGreaterThanOrEqual(2);
    await tile.screenshot({ path: test.info().outputPath('console-demo-gym.png') });
  } finally {
    live.close();
  }
});
