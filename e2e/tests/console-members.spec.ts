import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { CHROMIUM_BASE_FLAGS, CHROMIUM_WEBRTC_FLAGS } from '../../shared/src/chromium-flags.ts';
import { LoginPage } from '../fixtures/pages.ts';
import { startMemberServer, WORKER_TOKEN, type MemberServer } from '../fixtures/member-server.ts';
import { AdminPageObject, AlertsPageObject, ConsoleShell, FaceEnrolmentObject } from '../fixtures/console-pages.ts';

/**
 * The staff console's members, alerts, health and wall screen on the server alone (no cameras run: the spec plays
 * a perception worker itself): a member's face is enrolled from photo files through the UI with the workers' face
 * models, running in this browser, then the member is erased; an unknown person in a members-only zone and a worker
 * that goes silent raise alerts that appear live and are acknowledged (who and when shown). Screenshots of each
 * screen go to the test output and, with `CONSOLE_SCREENSHOTS=docs/screenshots`, to the docs.
 */
test.describe.configure({ mode: 'serial' });

const MESSI = '/usr/share/doc/opencv-doc/examples/data/messi5.jpg';
const ff = (args: string[]) => execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', ...args]);
// The device camera: Chromium's fake capture device playing the portrait (it must exist before the browser starts).
const fakeCamera = join(mkdtempSync(join(tmpdir(), 'gym-e2e-camera-')), 'camera.y4m');
ff(['-i', MESSI, '-vf', 'crop=160:160:170:20,scale=480:480', '-frames:v', '1', fakeCamera.replace(/y4m$/, 'png')]);
ff(['-loop', '1', '-i', fakeCamera.replace(/y4m$/, 'png'), '-t', '1', '-r', '10', '-pix_fmt', 'yuv420p', fakeCamera]);
test.use({
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_BASE_FLAGS, ...CHROMIUM_WEBRTC_FLAGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${fakeCamera}`],
  },
});

let server: MemberServer;
let page: Page;
let photos: string;
const root = resolve(import.meta.dirname, '../..');

async function shot(name: string, p: Page = page) {
  await p.screenshot({ path: test.info().outputPath(`${name}.png`) });
  if (process.env.CONSOLE_SCREENSHOTS) await p.screenshot({ path: resolve(root, process.env.CONSOLE_SCREENSHOTS, `${name}.png`) });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  // Photos: a face (Debian opencv-doc's messi5.jpg, cropped to the head and enlarged as a portrait photo would be),
  // two copies of it side by side (two faces), and a test pattern (no face).
  photos = mkdtempSync(join(tmpdir(), 'gym-e2e-photos-'));
  ff(['-i', MESSI, '-vf', 'crop=160:160:170:20,scale=480:480', join(photos, 'portrait.png')]);
  ff(['-i', join(photos, 'portrait.png'), '-filter_complex', '[0][0]hstack', join(photos, 'two-people.png')]);
  ff(['-f', 'lavfi', '-i', 'testsrc=size=480x480', '-frames:v', '1', join(photos, 'no-face.png')]);
  server = await startMemberServer({
    zones: ['{ id: staff-only, name: Staff corridor, cameraId: cam-m, kind: members-only, polygon: [[0.6, 0], [1, 0], [1, 1], [0.6, 1]] }'],
    env: { WORKER_STALE_MS: '3000' },
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.baseUrl}/apps/console/`);
  await new LoginPage(page).signIn('admin@gym.local', server.adminPassword());
  await expect(page.getByRole('heading', { name: /staff console/ })).toBeVisible();
});
test.afterAll(async () => {
  await page?.close();
  await server?.stop();
  if (photos) rmSync(photos, { recursive: true, force: true });
});

test('a member is created, consents, has their face enrolled from photos with the workers\' models, gets an invite QR, and is erased', async () => {
  test.setTimeout(180_000);
  const shell = new ConsoleShell(page);
  await shell.open('Admin');
  const admin = new AdminPageObject(page);
  await admin.createMember('Grace Hopper', 'grace@example.com');
  const detail = admin.member('Grace Hopper');
  await expect(detail).toBeVisible();
  // Without the face-identification consent there is nothing to enrol with.
  await expect(detail.getByRole('region', { name: 'face enrolment' })).toContainText('consent above first');
  await expect(detail.getByLabel('Photos')).toHaveCount(0);
  await admin.recordConsent('Grace Hopper', 'face_identification', 'signed paper form 42');
  await expect(detail.locator('[data-consent="face_identification"]')).toBeVisible();

  const faces = new FaceEnrolmentObject(page, 'Grace Hopper');
  await faces.choosePhotos([join(photos, 'portrait.png'), join(photos, 'two-people.png'), join(photos, 'no-face.png')]);
  await expect(faces.photo('portrait.png')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
  await expect(faces.photo('portrait.png').getByRole('img', { name: 'face found in portrait.png' })).toBeVisible();
  await expect(faces.photo('two-people.png')).toContainText('2 faces in this photo');
  await expect(faces.photo('no-face.png')).toContainText('No face found');
  await expect(faces.enrolButton()).toBeDisabled(); // nothing confirmed yet
  await faces.confirm('portrait.png');
  await shot('console-members-enrolment');

  // What leaves the browser is the embedding of the configured embedder (faceres, 1024-d, unit length), not the photo.
  const sent = page.waitForRequest((r) => r.method() === 'POST' && /\/api\/members\/[^/]+\/faces$/.test(r.url()));
  await faces.enrolButton().click();
  const body = (await sent).postDataJSON() as { model: string; embeddings: number[][] };
  expect(body.model).toBe('faceres');
  expect(body.embeddings).toHaveLength(1);
  expect(body.embeddings[0]).toHaveLength(1024);
  expect(Math.hypot(...body.embeddings[0]!)).toBeCloseTo(1, 3);
  // ... and the same embedding the workers' model code gives for this photo (`gym embed` runs it in its own
  // headless Chromium): the console reuses the detector, alignment and embedder, so enrolled faces match live ones.
  const line = execFileSync('npx', ['gym', 'embed', '--kind', 'face', '--backend', 'wasm', join(photos, 'portrait.png')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const reference = (JSON.parse(line.trim().split('\n')[0]!) as { model: string; embedding: number[] });
  expect(reference.model).toBe('faceres');
  const cos = reference.embedding.reduce((a, x, i) => a + x * body.embeddings[0]![i]!, 0);
  test.info().annotations.push({ type: 'console vs gym embed cosine', description: cos.toFixed(6) });
  expect(cos).toBeGreaterThan(0.999);
  await expect(faces.region().getByRole('status')).toContainText('Enrolled 1 face; 1 on file for Grace Hopper.');

  // A second face from the device camera: preview, take a photo, confirm, enrol.
  await faces.region().getByRole('button', { name: 'Use the device camera' }).click();
  const take = faces.region().getByRole('button', { name: 'Take photo' });
  await expect(take).toBeEnabled({ timeout: 20_000 });
  await take.click();
  await expect(faces.photo('camera photo 1')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await faces.confirm('camera photo 1');
  await faces.region().getByRole('button', { name: 'Close camera' }).click();
  await faces.enrolButton().click();
  await expect(faces.region().getByRole('status')).toContainText('Enrolled 1 face; 2 on file for Grace Hopper.');

  // The invite: a join link and its QR code.
  await detail.getByRole('button', { name: 'Make invite link' }).click();
  await expect(detail.getByTestId('invite-link')).toHaveAttribute('href', /\/apps\/member\/#\/join\//);
  await expect(detail.getByRole('img', { name: 'join link as a QR code' })).toBeVisible();
  const dark = await detail.getByTestId('invite-qr').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 64) n++;
    return n / (d.length / 4);
  });
  expect(dark).toBeGreaterThan(0.2); // a QR code is roughly half dark modules
  expect(dark).toBeLessThan(0.8);

  // Erased: gone from the list, and the audit log has the enrolment and the erasure.
  page.once('dialog', (d) => void d.accept());
  await detail.getByRole('button', { name: 'Erase member' }).click();
  await expect(page.getByRole('cell', { name: 'Grace Hopper' })).toHaveCount(0);
  await admin.section('Audit log');
  await expect(page.locator('tr[data-action="member.enrol"]')).toHaveCount(2);
  await expect(page.locator('tr[data-action="member.erase"]')).toHaveCount(1);
});

test('alerts appear live and are acknowledged with who and when; health shows the worker; the wall screen fills the screen', async ({ browser }) => {
  test.setTimeout(120_000);
  const shell = new ConsoleShell(page);
  await shell.open('Alerts');
  const alerts = new AlertsPageObject(page);
  const worker: Socket = io(`${server.baseUrl}/worker`, { auth: { token: WORKER_TOKEN }, transports: ['websocket'] });
  await new Promise<void>((res, rej) => worker.once('connect', () => res()).once('connect_error', rej));
  let seq = 0;
  // Someone nobody identified stands in the members-only corridor (right of x = 0.6) for 3 s at 10 fps.
  const track = { trackId: 11, box: { x: 0.75, y: 0.5, w: 0.1, h: 0.4 }, quality: { score: 0.9, heightPx: 200 }, skeleton: null };
  const stats = (at: number, fps: number) => ({ workerId: 'wk-e2e', backend: 'wasm', at, cameras: [{ cameraId: 'cam-m', decodedFrames: seq, analysedFps: fps, droppedFrames: 1, width: 640, height: 480, lastFrameTs: at - 180, stageMs: fps ? { detect: 95, pose: 60 } : {} }] });
  // The worker reports every 500 ms (as a real one does every second or two) until it goes away.
  let fps = 0;
  const beat = setInterval(() => worker.emit('worker:stats', stats(Date.now(), fps)), 500);
  try {
    // A worker whose models are still loading reports 0 fps: the tile says "starting…", not "0.0 fps".
    await shell.open('Live');
    worker.emit('worker:stats', stats(Date.now(), fps));
    await expect(page.getByTestId('tile-fps-cam-m')).toHaveText('starting…');
    fps = 9.8;
    await shell.open('Alerts');
    for (let i = 0; i < 30; i++) {
      await worker.timeout(5000).emitWithAck('perception:frame', { v: 1, cameraId: 'cam-m', frameTs: Date.now(), seq: seq++, width: 640, height: 480, tracks: [track] });
      await new Promise((r) => setTimeout(r, 100));
    }
    // Live: the alert shows without a reload, and the nav badge counts it.
    const unknown = alerts.alert('Unknown person in a members-only zone');
    await expect(unknown).toContainText('Staff corridor');
    await expect(page.getByRole('navigation', { name: 'pages' }).getByLabel(/open alerts/)).toBeVisible();
    await unknown.getByRole('button', { name: /^acknowledge/ }).click();
    await expect(unknown.getByTestId('acked-by')).toContainText(/Acknowledged by admin@gym\.local at .*\d{1,2}:\d{2}/);

    await shell.open('Health');
    await expect(page.getByTestId('camera-fps-cam-m')).toHaveText('9.8 fps');
    await expect(page.getByRole('table', { name: 'camera health' }).locator('tr[data-camera-id="cam-m"]')).toContainText(/wasm.*1 of \d+.*wk-e2e \(0\)/);
    await shot('console-health');
  } finally {
    clearInterval(beat);
    worker.close();
  }
  // The worker is gone: after WORKER_STALE_MS (3 s here) a worker_down alert is raised, live.
  await shell.open('Alerts');
  await expect(alerts.alert('Worker down')).toContainText('wk-e2e stopped reporting', { timeout: 20_000 });
  await alerts.filterKind('Worker down');
  await expect(alerts.list().getByRole('listitem')).toHaveCount(1);
  await alerts.filterKind('All kinds');
  await expect(alerts.list().getByRole('listitem')).toHaveCount(2);
  await shot('console-alerts');

  // The wall screen: no navigation, tiles fill the screen at 1920×1080 and 3840×2160 (and still fine at 1280×800).
  for (const [w, h] of [[1920, 1080], [3840, 2160], [1280, 800]] as const) {
    const wall = await browser.newPage({ viewport: { width: w, height: h } });
    await wall.goto(page.url().replace(/#.*$/, '#/live?wall=1'));
    await new LoginPage(wall).signIn('admin@gym.local', server.adminPassword()); // a new browser context: sign in
    await expect(wall.getByTestId('wall')).toBeVisible();
    await expect(wall.getByRole('navigation', { name: 'pages' })).toHaveCount(0);
    const tile = wall.locator('article[data-camera-id="cam-m"]');
    const box = (await tile.boundingBox())!;
    expect(box.height, `${w}×${h}: the one tile fills most of the screen height`).toBeGreaterThan(h * 0.8);
    await expect(wall.getByRole('status')).toHaveText('1 open alert'); // the worker_down alert nobody acknowledged
    await expect(wall.getByTestId('tile-fps-cam-m')).toHaveText('worker down');
    if (w === 1920) await shot('console-wall', wall);
    else await wall.screenshot({ path: test.info().outputPath(`console-wall-${w}x${h}.png`) });
    await wall.keyboard.press('Escape');
    await expect(wall.getByRole('navigation', { name: 'pages' })).toBeVisible();
    await wall.close();
  }
});

test('the main controls work from the keyboard: skip link, page links in order, focus rings, large view and back', async () => {
  await page.goto(`${server.baseUrl}/apps/console/#/live`);
  await page.reload();
  await expect(page.getByRole('heading', { name: /staff console/ })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  const names: string[] = [];
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    names.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  expect(names.map((n) => n.replace(/\d+$/, ''))).toEqual(['Live', 'Roster', 'Alerts', 'Health', 'Admin']);
  // A visible focus ring on what has keyboard focus.
  expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter'); // Health
  await expect(page.getByRole('region', { name: 'health' })).toBeVisible();
  // The skip link moves focus past the navigation.
  await page.goto(`${server.baseUrl}/apps/console/#/live`);
  await page.reload();
  await expect(page.getByRole('heading', { name: /staff console/ })).toBeVisible();
  // The camera tiles load after the page: wait for them, or Tab from main lands on whatever is there first.
  await expect(page.getByRole('button', { name: 'open Member camera large' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  // From main, Tab reaches the camera's "open large" button first; Enter opens it, Escape goes back.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'open Member camera large' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('article.camera.large')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('article.camera.large')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Wall screen' })).toBeVisible();
});
