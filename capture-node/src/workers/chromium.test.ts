import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('launchChromium', () => {
  it('close() ends the browser process even when its page is stuck in a loop', async () => {
    const c = await launchChromium(CHROMIUM);
    const page = c.browser.contexts()[0]!.pages()[0] ?? (await c.browser.contexts()[0]!.newPage());
    void page.evaluate('for (;;) {}').catch(() => undefined);
    await c.close();
    expect(c.process.exitCode !== null || c.process.signalCode !== null).toBe(true);
    expect(() => process.kill(c.process.pid!, 0)).toThrow();
  }, 30_000);
});
