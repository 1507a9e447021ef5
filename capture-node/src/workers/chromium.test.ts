import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';

const CHROMIUM = '/usr/bin/chromium';

/** TCP ports the process listens on (Linux /proc: its socket inodes against the LISTEN rows of /proc/net/tcp*). */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = row.trim().split(/\s+/);
      if (f[3] === '0A' && f[9] && inodes.has(f[9])) ports.push(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

describe.skipIf(!existsSync(CHROMIUM))('launchChromium', () => {
  it('close() ends the browser process even when its page is stuck in a loop', async () => {
    const c = await launchChromium(CHROMIUM);
    const page = c.browser.contexts()[0]!.pages()[0] ?? (await c.browser.contexts()[0]!.newPage());
    void page.evaluate('for (;;) {}').catch(() => undefined);
    await c.close();
    expect(c.process.exitCode !== null || c.process.signalCode !== null).toBe(true);
    expect(() => process.kill(c.process.pid!, 0)).toThrow();
  }, 30_000);

  it('opens no DevTools port unless asked for (CDP over a pipe), and still drives pages', async () => {
    const c = await launchChromium(CHROMIUM);
    try {
      const page = c.browser.contexts()[0]!.pages()[0] ?? (await c.browser.contexts()[0]!.newPage());
      expect(await page.evaluate('6 * 7')).toBe(42);
      expect(listeningPorts(c.process.pid!)).toEqual([]);
    } finally {
      await c.close();
    }
    const d = await launchChromium(CHROMIUM, [], undefined, undefined, { devtoolsPort: true });
    try {
      expect(listeningPorts(d.process.pid!).length).toBeGreaterThan(0);
    } finally {
      await d.close();
    }
  }, 40_000);
});
