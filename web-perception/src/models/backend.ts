/**
 * Picks the onnxruntime-web execution backend: WebGPU first, then WebGL, then wasm (SIMD + threads when the page
 * is cross-origin isolated). A software GPU (SwiftShader, Chromium's fallback adapter) is skipped in `auto`
 * because it is far slower than wasm; it can still be forced for correctness tests. Every choice carries a
 * reason, which the caller logs.
 */
import { RUNTIMES } from './onnx-model.ts';
import type { Backend } from './types.ts';

export type BackendPreference = 'auto' | Backend;

export interface BackendChoice {
  backend: Backend;
  reason: string;
  /** wasm threads in use (1 when the page is not cross-origin isolated). */
  threads: number;
}

export interface RuntimeOptions {
  /** URL prefix serving onnxruntime-web's dist/ files (the .wasm and .mjs loaders). */
  ortWasmBase: string;
  /** wasm threads (default: cores − 1, at least 1, at most 4; an explicit value is capped at the cores). */
  maxThreads?: number;
}

let configured = false;
export function configureRuntime(opts: RuntimeOptions): number {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const hc = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  // One core is left to MediaPipe, the page and the rest of the machine: on 2 shared cores a second wasm thread
  // made nanodet 1.3-1.8× slower here (threads spin while the other core is busy).
  const wanted = opts.maxThreads ?? Math.min(4, hc - 1);
  const threads = isolated ? Math.max(1, Math.min(wanted, hc)) : 1;
  if (!configured) {
    for (const ort of RUNTIMES) {
      ort.env.wasm.wasmPaths = opts.ortWasmBase;
      ort.env.wasm.numThreads = threads;
      ort.env.logLevel = 'error';
    }
    configured = true;
  }
  return RUNTIMES[0]!.env.wasm.numThreads ?? threads;
}

async function webgpuStatus(): Promise<{ ok: boolean; software: boolean; detail: string }> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return { ok: false, software: false, detail: 'navigator.gpu is absent' };
  try {
    const adapter = (await gpu.requestAdapter()) as { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean; description?: string } } | null;
    if (!adapter) return { ok: false, software: false, detail: 'no WebGPU adapter' };
    const info = adapter.info ?? {};
    const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`.trim();
    const software = Boolean(adapter.isFallbackAdapter || info.isFallbackAdapter || /swiftshader|llvmpipe|software/i.test(text));
    return { ok: true, software, detail: text || 'adapter' };
  } catch (e) {
    return { ok: false, software: false, detail: `requestAdapter failed: ${(e as Error).message}` };
  }
}

function webglStatus(): { ok: boolean; software: boolean; detail: string } {
  try {
    const c = new OffscreenCanvas(1, 1);
    const gl = c.getContext('webgl2');
    if (!gl) return { ok: false, software: false, detail: 'no WebGL2 context' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return { ok: true, software: /swiftshader|llvmpipe|software/i.test(renderer), detail: renderer };
  } catch (e) {
    return { ok: false, software: false, detail: (e as Error).message };
  }
}

export async function chooseBackend(pref: BackendPreference, opts: RuntimeOptions): Promise<BackendChoice> {
  const threads = configureRuntime(opts);
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const wasmReason = threads > 1 ? `wasm with SIMD and ${threads} threads` : `wasm with SIMD, 1 thread${isolated ? '' : ' (page not cross-origin isolated)'}`;
  if (pref !== 'auto') return { backend: pref, reason: `forced by config (models.backend: ${pref})`, threads };
  const gpu = await webgpuStatus();
  if (gpu.ok && !gpu.software) return { backend: 'webgpu', reason: `WebGPU adapter: ${gpu.detail}`, threads };
  const gl = webglStatus();
  if (gl.ok && !gl.software) return { backend: 'webgl', reason: `no hardware WebGPU (${gpu.detail}); WebGL2 renderer: ${gl.detail}`, threads };
  const why = [gpu.ok ? `WebGPU adapter is software (${gpu.detail})` : `no WebGPU (${gpu.detail})`, gl.ok ? `WebGL2 is software (${gl.detail})` : `no WebGL2 (${gl.detail})`];
  return { backend: 'wasm', reason: `${why.join('; ')} → ${wasmReason}`, threads };
}
