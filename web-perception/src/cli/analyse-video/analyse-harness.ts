/**
 * Node side of `npx gym analyse-video`: serves the analysis page (bundled with esbuild), the models and the wasm
 * runtimes, and the current decoded frame; drives one headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core, flags from the models harness). Served with COOP/COEP so onnxruntime-web gets wasm threads.
 */
import { join } from 'node:path';
import { ROOT, startPageHost } from '../../models/node/page-host.ts';
import type { ModelRole, ModelsConfig } from '../../models/index.ts';
import type { ByteTrackerOptions } from '../../tracking/byte-tracker.ts';
import type { AttentionOptions } from '../../pipeline/attention.ts';
import type { AnalysePageApi, PageTrack, PipelineTuning } from './analyse-page.ts';
import type { DecodedFrame } from './video-decoder.ts';

export interface FrameAnalyser {
  readonly backend: string;
  readonly models: Record<string, string>;
  /** Pose workers serving beside the page (models.poseWorkers; 0 = every pose in the page). */
  readonly poseWorkers: number;
  /** Starts a new video (fresh tracker); several `cameraId`s run side by side (benches). */
  begin(tracker?: Partial<ByteTrackerOptions>, maxPoses?: number, cameraId?: string, detectEvery?: number, fullFramePose?: boolean, attention?: Partial<AttentionOptions> | boolean, tuning?: PipelineTuning): Promise<void>;
  analyse(frame: DecodedFrame, cameraId?: string): Promise<{ tracks: PageTrack[]; stageMs: Record<string, number> }>;
  /** Raw person detections (no tracking). */
  detect(frame: DecodedFrame, minScore?: number): Promise<{ box: { x: number; y: number; w: number; h: number }; score: number }[]>;
  close(): Promise<void>;
}

export interface ChromiumAnalyserOptions {
  models: ModelsConfig;
  roles?: ModelRole[];
  modelsDir?: string;
  chromiumPath?: string;
  /** Browser flags instead of the default ones (bench/perception-gpu.bench.ts). */
  chromiumFlags?: readonly string[];
  onConsole?: (line: string) => void;
}

export async function startChromiumAnalyser(o: ChromiumAnalyserOptions): Promise<FrameAnalyser> {
  let current: { key: string; data: Buffer } | null = null;
  const host = await startPageHost({
    entry: join(ROOT, 'web-perception/src/cli/analyse-video/analyse-page.ts'),
    title: 'gym analyse-video',
    readyGlobal: 'gymAnalyse',
    workers: { '/pose-worker.js': join(ROOT, 'web-perception/src/models/pose.worker.ts') },
    modelsDir: o.modelsDir,
    // The frame being analysed, fetched once by the page.
    route: (path) => (path.startsWith('/frame/') ? (current && path === `/frame/${current.key}` ? { data: current.data } : null) : undefined),
    chromiumPath: o.chromiumPath,
    ...(o.chromiumFlags ? { flags: o.chromiumFlags } : {}),
    onConsole: o.onConsole,
  });
  const page = host.page;
  try {
    const info = await page.evaluate(
      ([cfg, roles]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.init(cfg, roles),
      [o.models, o.roles ?? (['detector', 'pose'] as ModelRole[])] as const,
    );
    let n = 0;
    return {
      backend: info.backend,
      models: info.models,
      poseWorkers: info.poseWorkers,
      async begin(tracker = {}, maxPoses = 6, cameraId = 'file', detectEvery = 1, fullFramePose = false, attention: Partial<AttentionOptions> | boolean = false, tuning: PipelineTuning = {}) {
        await page.evaluate(
          ([t, m, c, d, f, a, u]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.begin(t, m, c, d, f, a, u),
          [tracker, maxPoses, cameraId, detectEvery, fullFramePose, attention, tuning] as const,
        );
      },
      async analyse(frame, cameraId = 'file') {
        const key = String(n++);
        current = { key, data: frame.data };
        try {
          return await page.evaluate(
            ([url, t, w, h, c]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.frame(url, t, w, h, c),
            [`/frame/${key}`, frame.t, frame.width, frame.height, cameraId] as const,
          );
        } finally {
          current = null;
        }
      },
      async detect(frame, minScore = 0.1) {
        const key = String(n++);
        current = { key, data: frame.data };
        try {
          return await page.evaluate(
            ([url, w, h, s]) => (window as unknown as { gymAnalyse: AnalysePageApi }).gymAnalyse.detect(url, w, h, s),
            [`/frame/${key}`, frame.width, frame.height, minScore] as const,
          );
        } finally {
          current = null;
        }
      },
      close: () => host.close(),
    };
  } catch (e) {
    await host.close();
    throw e;
  }
}
