/**
 * Admin → Cameras (#16) on the running system: an admin tests a bad URL (clear error), tests the simulated camera
 * (codec, size and snapshot), saves it and sees it live in the grid; draws a members-only zone on its snapshot and
 * marks the floor mapping, links it in the topology. Screenshots: docs/screenshots/console-cameras*.png are taken from these.
 */
import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { probeLimits } from '../../shared/src/api/camera-admin.ts';
import { startSystem, type RunningSystem } from '../fixtures/system.ts';
import { LoginPage } from '../fixtures/pages.ts';
import { ConsoleShell, LivePageObject } from '../fixtures/console-pages.ts';
import { CamerasAdminPageObject } from '../fixtures/camera-admin-pages.ts';

let system: RunningSystem;
test.beforeAll(async () => {
  test.setTimeout(300_000);
  system = await startSystem();
});
test.afterAll(async () => {
  await system?.stop();
});

test.use({ viewport: { width: 1280, height: 800 } });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function signInAsAdmin(page: Page) {
  await page.goto(`${system.baseUrl}/apps/console/`);
  await new LoginPage(page).signIn('admin@gym.local', system.adminPassword());
  await expect(page.getByRole('heading', { name: /staff console/ })).toBeVisible();
}

test('an admin adds a camera from its RTSP URL, sees it live, draws a zone and marks the floor', async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsAdmin(page);
  const shell = new ConsoleShell(page);
  await shell.open('Admin');
  const cams = new CamerasAdminPageObject(page);
  await cams.open();
  // Config-file cameras are listed read-only.
  await expect(cams.row('cam-floor')).toContainText('config file');
  await expect(cams.row('cam-floor').getByRole('button', { name: /remove/ })).toHaveCount(0);

  // A bad URL: the test says why.
  await cams.fill('cam-e2e', 'Entrance (added in the console)', `rtsp://127.0.0.1:${await closedPort()}/nothing`);
  await cams.test();
  await expect(cams.form.getByRole('alert')).toContainText('Camera test failed: connection refused');

  // The simulated camera: codec, size and a snapshot. A loaded machine (load 30+ on 2 cores) took 25 s for a healthy
  // probe: the wait covers capture-node's caps on its two ffmpeg runs (probeLimits), which the server also waits for.
  await cams.form.getByLabel('RTSP URL').fill(system.simCameraUrl);
  await cams.test();
  await expect(cams.form.getByRole('status')).toContainText(/Camera answers: H264 \d+×\d+/, { timeout: probeLimits(5000).totalMs + 15_000 });
  await expect.poll(() => cams.probeSnapshot().evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('console-cameras-test.png') });
  await cams.save();
  await expect(cams.row('cam-e2e')).toContainText('console');
  await expect(cams.row('cam-e2e')).toContainText(/live/, { timeout: 60_000 });
  await page.screenshot({ path: test.info().outputPath('console-cameras.png') });

  // It appears in the live grid with moving video.
  await shell.open('Live');
  const live = new LivePageObject(page);
  const video = live.tile('cam-e2e').getByTestId('video-cam-e2e');
  await expect(video).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 60_000 }).toBeGreaterThan(0);
  const first = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(first);

  // Draw a members-only zone on its snapshot.
  await shell.open('Admin');
  await cams.open();
  await cams.row('cam-e2e').getByRole('button', { name: 'edit zones of cam-e2e' }).click();
  const editor = page.getByRole('region', { name: 'zones of cam-e2e' });
  await editor.getByRole('button', { name: 'Add zone' }).click();
  const area = await cams.canvas(/zone drawing area of cam-e2e/);
  await cams.clickPoints(area, [[0.55, 0.45], [0.95, 0.45], [0.95, 0.95], [0.55, 0.95]]);
  await editor.getByLabel('Name').fill('Staff corner');
  await editor.getByLabel('Kind').selectOption('members-only');
  await expect(editor.getByRole('list', { name: 'corners' }).getByRole('listitem')).toHaveCount(4);
  // Keyboard-reachable corner list: delete one, the polygon has three.
  await editor.getByRole('button', { name: 'delete corner 4' }).click();
  await expect(editor.getByRole('list', { name: 'corners' }).getByRole('listitem')).toHaveCount(3);
  await cams.clickPoints(area, [[0.55, 0.95]]);
  await editor.getByRole('button', { name: 'Save zones' }).click();
  await expect(editor.getByRole('status')).toContainText('zones saved');
  await expect(cams.row('cam-e2e').locator('td').nth(4)).toHaveText('1');
  await page.screenshot({ path: test.info().outputPath('console-zone-editor.png'), fullPage: true });

  // Mark the floor: three points on one line are refused, four good ones saved.
  await cams.row('cam-e2e').getByRole('button', { name: 'floor mapping of cam-e2e' }).click();
  const floorEditor = page.getByRole('region', { name: 'floor homography of cam-e2e' });
  const floorArea = await cams.canvas(/floor point marking area of cam-e2e/);
  await cams.clickPoints(floorArea, [[0.1, 0.5], [0.5, 0.5], [0.9, 0.5], [0.5, 0.9]]);
  await floorEditor.getByRole('button', { name: 'Save floor mapping' }).click();
  await expect(floorEditor.getByRole('alert')).toContainText(/collinear|one line/);
  await floorEditor.getByRole('button', { name: 'Clear marked points' }).click();
  await cams.clickPoints(floorArea, [[0.25, 0.5], [0.75, 0.5], [0.95, 0.95], [0.05, 0.95]]);
  for (const [i, [x, y]] of ([[0, 0], [6, 0], [6, 4], [0, 4]] as const).entries()) {
    await floorEditor.getByLabel(`floor x of point ${i + 1}`).fill(String(x));
    await floorEditor.getByLabel(`floor y of point ${i + 1}`).fill(String(y));
  }
  await floorEditor.getByRole('button', { name: 'Save floor mapping' }).click();
  await expect(floorEditor.getByRole('status')).toContainText('Saved');
  await expect(cams.row('cam-e2e').locator('td').nth(5)).toHaveText('set');
  await page.screenshot({ path: test.info().outputPath('console-homography.png'), fullPage: true });

  // Topology: the new camera sees the same floor as cam-floor.
  const topo = page.getByRole('region', { name: 'camera topology' });
  await topo.getByRole('button', { name: 'Add link' }).click();
  await topo.getByLabel('from camera of link 1').selectOption('cam-floor');
  await topo.getByLabel('to camera of link 1').selectOption('cam-e2e');
  await topo.getByLabel('maximum walk seconds of link 1').fill('20');
  await topo.getByLabel('views overlap for link 1').check();
  await topo.getByRole('button', { name: 'Save topology' }).click();
  await expect(topo.getByRole('status')).toContainText('topology saved');
  await page.reload();
  await expect(page.getByRole('region', { name: 'camera topology' }).locator('tr[data-link="cam-floor-cam-e2e"]')).toBeVisible();
});
