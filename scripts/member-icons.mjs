// Renders the member PWA's PNG icons from apps/public/member-icon.svg with headless Chromium (Playwright):
// member-icon-192.png and member-icon-512.png ("any"), member-icon-maskable-512.png (full-bleed background, the
// glyph inside the 80% safe zone). Run once after changing the SVG: `node scripts/member-icons.mjs`; the PNGs are committed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright';

const pub = resolve(import.meta.dirname, '../apps/public');
const svg = readFileSync(resolve(pub, 'member-icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const render = async (size, maskable, file) => {
  await page.setViewportSize({ width: size, height: size });
  const inner = maskable ? Math.round(size * 0.8) : size;
  await page.setContent(
    `<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${maskable ? '#059669' : 'transparent'}">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`,
  );
  await page.screenshot({ path: resolve(pub, file), omitBackground: !maskable });
  console.log(`wrote apps/public/${file}`);
};
await render(192, false, 'member-icon-192.png');
await render(512, false, 'member-icon-512.png');
await render(512, true, 'member-icon-maskable-512.png');
await browser.close();
