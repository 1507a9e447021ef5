/**
 * The GPU path of the worker browsers (issue 19): whether this machine has a GPU a headless Chromium can use, and
 * the flags that then enable WebGPU (onnxruntime-web's WebGPU execution provider, MediaPipe's GPU delegate).
 * Without a GPU the workers keep the wasm flags (`--disable-gpu`): SwiftShader's WebGPU is correct but 25–40×
 * slower than wasm here (../shared/notes/environment.md), so it is never chosen for speed.
 *
 * Detection, in order: `CAPTURE_GPU=off` → none; `CAPTURE_GPU=on` → GPU flags even without a device file (a
 * driver this check does not know); `auto` → a render node under /dev/dri (Intel/AMD iGPUs of mini-PCs, Mesa) or an
 * NVIDIA device file (/dev/nvidia0…). The page still checks the adapter it gets (web-perception/src/models/
 * backend.ts): a software adapter falls back to wasm and the page logs why.
 *
 * The flags are the ones Chrome's team published for headless WebGPU on Linux (Vulkan ANGLE, no Vulkan surface in
 * headless): "Supercharge Web AI model testing: WebGPU, WebGL, and Headless Chrome", developer.chrome.com, 2024.
 * Kept apart from chromium.ts so changes to the DevTools and page flags there merge cleanly.
 */
import { existsSync, readdirSync } from 'node:fs';

export type GpuMode = 'auto' | 'on' | 'off';

export interface GpuDetection {
  gpu: boolean;
  /** Why, for the log line at start. */
  reason: string;
  /** Device files found. */
  devices: string[];
}

/** Added (and `--disable-gpu` dropped) when the worker browsers should use the GPU. */
export const CHROMIUM_GPU_FLAGS: readonly string[] = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=vulkan',
  '--disable-vulkan-surface',
  '--ignore-gpu-blocklist',
];

export interface DeviceFs {
  exists(path: string): boolean;
  list(dir: string): string[];
}

const realFs: DeviceFs = {
  exists: (p) => existsSync(p),
  list: (d) => {
    try {
      return readdirSync(d);
    } catch {
      return [];
    }
  },
};

/** GPU device files on this machine: DRM render nodes and NVIDIA devices. */
export function gpuDevices(fs: DeviceFs = realFs): string[] {
  const dri = fs.list('/dev/dri').filter((n) => /^renderD\d+$/.test(n)).map((n) => `/dev/dri/${n}`);
  const nvidia = fs.list('/dev').filter((n) => /^nvidia\d+$/.test(n)).map((n) => `/dev/${n}`);
  return [...dri, ...nvidia];
}

export function detectGpu(mode: GpuMode, fs: DeviceFs = realFs): GpuDetection {
  if (mode === 'off') return { gpu: false, reason: 'CAPTURE_GPU=off: wasm', devices: [] };
  const devices = gpuDevices(fs);
  if (mode === 'on') return { gpu: true, reason: `CAPTURE_GPU=on${devices.length ? ` (${devices.join(', ')})` : ' (no device file found; forced)'}`, devices };
  if (devices.length) return { gpu: true, reason: `GPU device ${devices.join(', ')}: WebGPU flags on`, devices };
  return { gpu: false, reason: 'no GPU device (/dev/dri/renderD*, /dev/nvidia*): wasm', devices };
}

/** The worker browsers' flags: `base` as is without a GPU, else without `--disable-gpu` and with the GPU flags. */
export function workerChromiumFlags(base: readonly string[], d: Pick<GpuDetection, 'gpu'>): string[] {
  if (!d.gpu) return [...base];
  return [...base.filter((f) => f !== '--disable-gpu'), ...CHROMIUM_GPU_FLAGS];
}
