import { expect, test } from '@playwright/test';
import { startSystem, type RunningSystem } from '../fixtures/system.ts';
import { LoginPage } from '../fixtures/pages.ts';
import { AdminPageObject, ConsoleShell, LivePageObject, RosterPageObject } from '../fixtures/console-pages.ts';

let system: RunningSystem;
test.beforeAll(async () => {
  test.setTimeout(300_000);
  system = await startSystem();
});
test.afterAll(async () => {
  await system?.stop();
});

test.use({ viewport: { width: 1280, height: 800 } });

async function signInAsAdmin(page: import('@playwright/test').Page) {
  await page.goto(`${system.baseUrl}/apps/console/`);
  await new LoginPage(page).signIn('admin@gym.local', system.adminPassword());
  await expect(page.getByRole('heading', { name: /staff console/ })).toBeVisible();
}

test('live video carries overlays drawn on the person, matched to frames, with the offset printed', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page);
  const live = new LivePageObject(page);
  const overlay = live.overlay('cam-floor');
  // People are analysed and drawn: the canvas reports matched people for the frame it shows.
  await expect.poll(async () => Number(await overlay.getAttribute('data-people')), { timeout: 120_000 }).toBeGreaterThan(0);
  // Skeleton lines (magenta) are drawn, and they lie within the person boxes drawn for the same frame.
  // With attention by activity walkers get a pose on every 3rd frame only, so a frame may show boxes without
  // skeletons: take the share from the first 3 frames that show skeletons.
  const shares: number[] = [];
  await expect
    .poll(async () => {
      const px = await live.skeletonPixels('cam-floor');
      if (px.total > 20) shares.push(px.inBoxes / px.total);
      return shares.length;
    }, { timeout: 60_000, intervals: [200] })
    .toBeGreaterThanOrEqual(3);
  expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeGreaterThan(0.9);
  // The overlay drawn belongs to the video frame on screen (nearest capture time), and the offset is printed.
  const offset = page.getByTestId('offset-cam-floor');
  await expect(offset).toContainText(/overlay offset \d+ ms/);
  test.info().annotations.push({ type: 'overlay offset', description: await offset.innerText() });
  // Layers switch off.
  await live.toggle('Skeletons').uncheck();
  await expect.poll(async () => (await live.skeletonPixels('cam-floor')).total).toBe(0);
  await live.toggle('Skeletons').check();
  await expect.poll(async () => (await live.skeletonPixels('cam-floor')).total, { timeout: 30_000 }).toBeGreaterThan(20);
  test.info().annotations.push({ type: 'overlay offset after hold settles', description: await offset.innerText() });
  await page.screenshot({ path: test.info().outputPath('console-live.png') });
  // Click for the large view.
  await page.getByRole('button', { name: /open Main floor .* large/ }).click();
  await expect(live.tile('cam-floor')).toHaveClass(/large/);
  await page.screenshot({ path: test.info().outputPath('console-live-large.png') });
});

test('the roster gains the people in view; following one opens their camera; health shows worker stats', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAsAdmin(page);
  const shell = new ConsoleShell(page);
  await shell.open('Roster');
  const roster = new RosterPageObject(page);
  await expect.poll(() => roster.count(), { timeout: 90_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('console-roster.png') });
  await roster.rows().first().getByRole('button', { name: /follow/i }).click();
  await expect(page.getByText(/Following #/)).toBeVisible();
  // The followed person's camera opens large (the dev config has two cameras: the demo gym and the pedestrians).
  await expect(page.locator('article.camera.large')).toHaveCount(1);

  await shell.open('Health');
  await expect.poll(async () => Number(await page.getByTestId('fps-cam-floor').innerText()), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByRole('article', { name: /worker / }).first()).toContainText(/webgpu|webgl|wasm/); // two workers: one per camera
  await page.screenshot({ path: test.info().outputPath('console-health.png') });
  await shell.open('Alerts');
  await expect(page.getByRole('region', { name: 'alerts' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('console-alerts.png') });
});

test('an admin creates a member, records consent and erases them; creates a trainer who sees only granted cameras', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await signInAsAdmin(page);
  const shell = new ConsoleShell(page);
  await shell.open('Admin');
  const admin = new AdminPageObject(page);
  await admin.createMember('Ada Lovelace', 'ada@example.com');
  await expect(admin.member('Ada Lovelace')).toBeVisible();
  await admin.recordConsent('Ada Lovelace', 'face_identification', 'signed paper form 17');
  await expect(admin.member('Ada Lovelace').locator('[data-consent="face_identification"]')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('console-admin-members.png') });
  page.once('dialog', (d) => void d.accept());
  await admin.member('Ada Lovelace').getByRole('button', { name: 'Erase member' }).click();
  await expect(page.getByRole('cell', { name: 'Ada Lovelace' })).toHaveCount(0);

  await admin.section('Staff and camera grants');
  await admin.createStaff('trainer@example.com', 'trainer-password-1', 'trainer');
  await expect(admin.grants('trainer@example.com')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('console-admin-staff.png') });

  // Without grants the trainer sees no camera; after the admin grants cam-floor, the trainer sees it.
  const trainerCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const trainer = await trainerCtx.newPage();
  await trainer.goto(`${system.baseUrl}/apps/console/`);
  await new LoginPage(trainer).signIn('trainer@example.com', 'trainer-password-1');
  await expect(trainer.getByText('No cameras you may watch')).toBeVisible();
  await expect(trainer.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await admin.grants('trainer@example.com').getByLabel(/cam-floor/).check();
  await admin.grants('trainer@example.com').getByRole('button', { name: 'Save grants' }).click();
  await expect(admin.grants('trainer@example.com')).toContainText('saved');
  await trainer.reload();
  await expect(trainer.locator('article[data-camera-id="cam-floor"]')).toBeVisible({ timeout: 30_000 });
  await trainerCtx.close();

  await admin.section('Audit log');
  await page.getByRole('form', { name: 'audit filters' }).getByLabel('Action').selectOption('member.erase');
  await expect(page.locator('tr[data-action="member.erase"]')).toHaveCount(1);
  await expect(page.locator('tr[data-action="user.create"]')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('console-admin-audit.png') });
});

test('the wall screen shows every camera live, full-screen, at 1920×1080', async ({ browser }) => {
  test.setTimeout(150_000);
  const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await wall.goto(`${system.baseUrl}/apps/console/#/live?wall=1`);
  await new LoginPage(wall).signIn('admin@gym.local', system.adminPassword());
  await expect(wall.getByTestId('wall')).toBeVisible();
  await expect(wall.getByRole('navigation', { name: 'pages' })).toHaveCount(0);
  // Both cameras play, side by side, and together fill the screen.
  for (const id of ['cam-gym', 'cam-floor']) {
    await expect.poll(() => wall.getByTestId(`video-${id}`).evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 90_000 }).toBeGreaterThan(0);
  }
  const boxes = await Promise.all(['cam-gym', 'cam-floor'].map(async (id) => (await wall.locator(`article[data-camera-id="${id}"]`).boundingBox())!));
  expect(boxes[0]!.y).toBeCloseTo(boxes[1]!.y, 0);
  expect(boxes[0]!.width + boxes[1]!.width).toBeGreaterThan(1920 * 0.95);
  // Overlays are drawn on the wall too, and the tiles show the analysed rate once the workers run.
  await expect.poll(async () => Number(await wall.getByTestId('overlay-cam-floor').getAttribute('data-people')), { timeout: 90_000 }).toBeGreaterThan(0);
  await expect(wall.getByTestId('tile-fps-cam-floor')).toHaveText(/\d+\.\d fps/, { timeout: 60_000 });
  await wall.screenshot({ path: test.info().outputPath('console-wall-live.png') });
  await wall.keyboard.press('Escape');
  await expect(wall.getByRole('navigation', { name: 'pages' })).toBeVisible();
  await wall.close();
});
