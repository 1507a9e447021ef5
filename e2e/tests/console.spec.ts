import { expect, test } from '@playwright/test';
import { startSystem, type RunningSystem } from '../fixtures/system.ts';

let system: RunningSystem;
test.beforeAll(async () => {
  system = await startSystem();
});
test.afterAll(async () => {
  await system?.stop();
});

test('make dev-up starts the system and the console lists the configured cameras', async ({ page }) => {
  await page.goto(`${system.baseUrl}/`);
  await expect(page).toHaveURL(/\/apps\/console\/$/);
  await expect(page.getByRole('heading', { name: /staff console/ })).toBeVisible();
  const cam = page.locator('[data-camera-id="cam-floor"]');
  await expect(cam).toContainText('Main floor (simulated)');
  expect(system.output()).toContain('staff console   http://127.0.0.1:');
});

test('the console says when the server cannot be reached', async ({ page }) => {
  await page.route('**/api/cameras', (route) => route.abort('connectionrefused'));
  await page.goto(`${system.baseUrl}/apps/console/`);
  await expect(page.getByRole('alert')).toContainText('Cannot reach the server');
});
