import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

/**
 * One multi-page build for every browser app:
 *   web-perception/index.html  -> /web-perception/  the page each headless Chromium worker runs
 *   apps/console/index.html    -> /apps/console/    the staff console (live video + overlays)
 *   apps/member/index.html     -> /apps/member/     the member PWA
 * Output in dist/, served by the server with COOP/COEP so wasm threads work (cross-origin isolation).
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root,
  publicDir: resolve(root, 'apps/public'),
  plugins: [react()],
  resolve: { alias: { '@gym/shared': resolve(root, 'shared/src/index.ts') } },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        worker: resolve(root, 'web-perception/index.html'),
        console: resolve(root, 'apps/console/index.html'),
        member: resolve(root, 'apps/member/index.html'),
      },
    },
  },
  // Classic workers: MediaPipe's loader uses importScripts, which a module worker lacks.
  worker: { format: 'iife' },
  optimizeDeps: { exclude: ['onnxruntime-web', '@mediapipe/tasks-vision'] },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
});
