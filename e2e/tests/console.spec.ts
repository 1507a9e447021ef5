import { expect, test } from '@playwright/test';
import { startSystem, type RunningSystem } from '../fixtures/system.ts';
import { apiAs, ConsolePage, LoginPage, loginToken } from '../fixtures/pages.ts';

let system: RunningSystem;
test.beforeAll(async () => {
  test.setTimeout(300_000); // first start on a busy 2-core machine: migrations, vite build, Chromium worker
  system = await startSystem();
});
test.afterAll(async () => {
  await system?.stop();
});

test('make dev-up starts the system; an admin signs in and sees the configured camera', async ({ page }) => {
  await page.goto(`${system.baseUrl}/`);
  await expect(page).toHaveURL(/\/apps\/console\/$/);
  await new LoginPage(page).signIn('admin@gym.local', system.adminPassword());
  const console_ = new ConsolePage(page);
  await console_.expectSignedIn();
  await expect(console_.camera('cam-floor')).toContainText('Main floor (simulated)');
  expect(system.output()).toContain('staff console   http://127.0.0.1:');
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto(`${system.baseUrl}/apps/console/`);
  await new LoginPage(page).signIn('admin@gym.local', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText(/wrong email or password/i);
});

test('a member signs in to the PWA, sees no sets yet and gets a check-in code', async ({ page }) => {
  const admin = await loginToken(system.baseUrl, 'admin@gym.local', system.adminPassword());
  const member = await apiAs(system.baseUrl, admin, 'POST', '/api/members', { displayName: 'Test Member', email: 'member@example.com' });
  await apiAs(system.baseUrl, admin, 'POST', '/api/users', { email: 'member@example.com', password: 'member-password-1', role: 'member', memberId: member.id });

  await page.goto(`${system.baseUrl}/apps/member/`);
  await new LoginPage(page).signIn('member@example.com', 'member-password-1');
  await expect(page.getByTestId('rep-count')).toHaveText('0');
  // Not known to the cameras yet: Now offers the check-in code.
  await expect(page.getByTestId('not-identified')).toBeVisible();
  await expect(page.getByLabel('check-in QR code')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('navigation', { name: 'sections' }).getByRole('link', { name: 'History' }).click();
  await expect(page.getByText('No sets yet')).toBeVisible();

  // The member cannot use the staff console.
  await page.goto(`${system.baseUrl}/apps/console/`);
  await expect(page.getByText('The console is for gym staff')).toBeVisible();
});

test('the console shows the simulated camera live, with real picture content', async ({ page }) => {
  await page.goto(`${system.baseUrl}/apps/console/`);
  await new LoginPage(page).signIn('admin@gym.local', system.adminPassword());
  const tile = new ConsolePage(page).camera('cam-floor');
  // Camera health comes from capture-node through the server.
  await expect(tile.getByTitle('camera health')).toHaveText('live', { timeout: 60_000 });
  const video = tile.locator('video');
  // Decoded frames of the footage's size arrive through capture-node's SFU with a server-issued view grant.
  await expect
    .poll(async () => video.evaluate((v: HTMLVideoElement) => `${v.videoWidth}x${v.videoHeight}:${v.readyState >= 2}`), { timeout: 90_000 })
    .toBe('768x576:true');
  const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(async () => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(t0 + 0.5);
  // The picture is footage, not a black or flat frame: sample the decoded video's pixel spread.
  const spread = await video.evaluate((v: HTMLVideoElement) => {
    const c = document.createElement('canvas');
    c.width = 96;
    c.height = 72;
    const g = c.getContext('2d')!;
    g.drawImage(v, 0, 0, c.width, c.height);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let min = 255, max = 0;
    for (let i = 0; i < d.length; i += 4) {
      const y = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
      min = Math.min(min, y);
      max = Math.max(max, y);
    }
    return max - min;
  });
  expect(spread).toBeGreaterThan(60);
  await tile.screenshot({ path: test.info().outputPath('console-live-camera.png') });
});
