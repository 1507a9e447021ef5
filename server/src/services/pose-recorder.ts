/**
 * Diagnostic recording of what the exercise engine is fed (`GYM_RECORD_POSES=DIR`, off by default): every
 * identified person's skeletons, exactly as the engine gets them, as one `gym.poses/1` file per person
 * (`DIR/<camera>-<person>.poses.jsonl`). `npx gym replay-poses FILE` then replays a live set offline, so a
 * false or missed rep seen in the console can be explained and turned into a test.
 *
 * The files hold skeletons and times only (no images, no names, no embeddings); person ids are the random ids of
 * the live session. Writes are batched (about once a second) and never block or fail ingest: a write error is
 * logged once and stops the recording.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LANDMARK_COUNT } from '@gym/shared/landmarks.ts';
import type { Logger } from '@gym/shared/logger.ts';
import { POSES_FORMAT, POSES_SKELETON } from '@gym/shared/poses/gym-poses.ts';
import type { SkeletonSink } from '../ingest/ingest.service.ts';

interface Recording {
  file: string;
  t0: number;
  lines: string[];
}

export interface PoseRecorderOptions {
  dir: string;
  log: Logger;
  /** Batch period, ms (default 1000). */
  flushEveryMs?: number;
  /** Nominal fps written in each file's header (the frames carry their own times). */
  fps?: number;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

export class PoseRecorder implements SkeletonSink {
  private readonly recs = new Map<string, Recording>();
  private readonly timer: NodeJS.Timeout;
  private failed = false;
  private flushing: Promise<void> = Promise.resolve();
  private ready: Promise<void>;

  constructor(
    private readonly inner: SkeletonSink,
    private readonly o: PoseRecorderOptions,
  ) {
    this.ready = mkdir(o.dir, { recursive: true }).then(
      () => o.log.info({ dir: o.dir }, 'recording the exercise engine input (GYM_RECORD_POSES)'),
      (err: unknown) => this.fail(err),
    );
    this.timer = setInterval(() => void this.flush(), o.flushEveryMs ?? 1000);
    this.timer.unref();
  }

  onSkeleton(s: Parameters<SkeletonSink['onSkeleton']>[0]) {
    this.inner.onSkeleton(s);
    if (this.failed) return;
    let r = this.recs.get(s.personId);
    if (!r) {
      r = { file: join(this.o.dir, `${safe(s.cameraId)}-${safe(s.personId)}.poses.jsonl`), t0: s.ts, lines: [] };
      this.recs.set(s.personId, r);
      r.lines.push(JSON.stringify({ format: POSES_FORMAT, fps: this.o.fps ?? 10, skeleton: POSES_SKELETON, personId: s.personId, cameraId: s.cameraId, startTs: s.ts }));
    }
    const kp: number[][] = [];
    const sk = s.skeleton;
    for (let i = 0; i < LANDMARK_COUNT; i++) {
      const p = sk instanceof Float32Array ? [sk[i * 4]!, sk[i * 4 + 1]!, sk[i * 4 + 2]!, sk[i * 4 + 3]!] : sk[i]!;
      kp.push([r4(p[0]!), r4(p[1]!), r4(p[2]!), r4(p[3] ?? 1)]);
    }
    r.lines.push(JSON.stringify({ t: s.ts - r.t0, camera: s.cameraId, kp }));
  }

  onPersonGone(personId: string, ts: number) {
    this.inner.onPersonGone?.(personId, ts);
  }

  /** Writes what is buffered; resolves when written. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      await this.ready;
      if (this.failed) return;
      for (const r of this.recs.values()) {
        if (!r.lines.length) continue;
        const text = `${r.lines.join('\n')}\n`;
        r.lines = [];
        try {
          await appendFile(r.file, text);
        } catch (err) {
          this.fail(err);
          return;
        }
      }
    });
    return this.flushing;
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }

  private fail(err: unknown) {
    if (this.failed) return;
    this.failed = true;
    this.recs.clear();
    this.o.log.error({ err, dir: this.o.dir }, 'pose recording stopped: cannot write');
  }
}
