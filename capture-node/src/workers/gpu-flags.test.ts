import { describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from './chromium.ts';
import { CHROMIUM_GPU_FLAGS, detectGpu, workerChromiumFlags, type DeviceFs } from './gpu-flags.ts';

const fs = (files: Record<string, string[]>): DeviceFs => ({ exists: (p) => p in files, list: (d) => files[d] ?? [] });

describe('worker GPU path', () => {
  it('finds render nodes and NVIDIA devices, not card or control nodes', () => {
    expect(detectGpu('auto', fs({ '/dev/dri': ['card0', 'renderD128'], '/dev': ['null', 'nvidiactl', 'nvidia0', 'nvidia-uvm'] }))).toMatchObject({
      gpu: true,
      devices: ['/dev/dri/renderD128', '/dev/nvidia0'],
    });
    const none = detectGpu('auto', fs({ '/dev/dri': ['card0'], '/dev': ['null', 'nvidiactl'] }));
    expect(none.gpu).toBe(false);
    expect(none.reason).toMatch(/no GPU device/);
  });

  it('follows the override either way', () => {
    expect(detectGpu('off', fs({ '/dev/dri': ['renderD128'] })).gpu).toBe(false);
    expect(detectGpu('on', fs({})).gpu).toBe(true);
    expect(detectGpu('on', fs({})).reason).toMatch(/forced/);
  });

  it('keeps the wasm flags without a GPU; with one drops --disable-gpu and enables WebGPU', () => {
    expect(workerChromiumFlags(CHROMIUM_FLAGS, { gpu: false })).toEqual(CHROMIUM_FLAGS);
    const g = workerChromiumFlags(CHROMIUM_FLAGS, { gpu: true });
    expect(g).not.toContain('--disable-gpu');
    expect(g).toEqual(expect.arrayContaining([...CHROMIUM_GPU_FLAGS, '--headless', '--no-sandbox']));
  });
});
