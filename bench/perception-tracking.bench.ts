/**
 * Tracker benchmark: `npx tsx bench/perception-tracking.bench.ts` (or `make bench`).
 *
 * 1. Synthetic crowds (ground truth known): id switches, coverage and updates/s of the Hungarian and greedy
 *    matchers, and of a plain IoU tracker without the low-score pass and without Kalman (the reference).
 * 2. Real footage: the detector (headless Chromium, the worker's model code) over the first seconds of
 *    vtest.avi at 10 and 5 fps, detections cached under $GYM_CACHE/bench; trackers scored against the
 *    hand-checked reference in web-perception/src/tracking/vtest-reference.ts (distinct people, people in view
 *    per second). Skipped when models/ or the footage are missing.
 * BENCH_VTEST=0 skips part 2.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ByteTracker, type ByteTrackerOptions, type Detection } from '../web-perception/src/tracking/byte-tracker.ts';
import { IdentityCounter } from '../web-perception/src/tracking/track-metrics.ts';
import { simulateScene, type SceneFrame } from '../web-perception/src/tracking/synthetic-scene.ts';
import { iou } from '../web-perception/src/tracking/box.ts';
import { scoreVtest, VTEST_FILE, VTEST_REFERENCE } from '../web-perception/src/tracking/vtest-reference.ts';
import { headline } from './lib/report.ts';

/** Reference: frame-to-frame IoU matching (greedy), no motion model, no low-score pass. */
class NaiveIouTracker {
  private tracks: { id: number; box: Detection['box']; lost: number }[] = [];
  private next = 1;
  update(dets: readonly Detection[]): { id: number; box: Detection['box'] }[] {
    const high = dets.filter((d) => d.score >= 0.5);
    const used = new Set<number>();
    const out: { id: number; box: Detection['box'] }[] = [];
    for (const t of this.tracks) {
      let best = -1;
      let bi = 0.2;
      high.forEach((d, j) => {
        const v = iou(t.box, d.box);
        if (!used.has(j) && v > bi) ((bi = v), (best = j));
      });
      if (best >= 0) {
        used.add(best);
        t.box = high[best]!.box;
        t.lost = 0;
        out.push({ id: t.id, box: t.box });
      } else t.lost++;
    }
    this.tracks = this.tracks.filter((t) => t.lost <= 20);
    high.forEach((d, j) => {
      if (used.has(j) || d.score < 0.6) return;
      const t = { id: this.next++, box: d.box, lost: 0 };
      this.tracks.push(t);
      out.push({ id: t.id, box: t.box });
    });
    return out;
  }
}

type Variant = { name: string; make: () => { update(d: readonly Detection[], ts: number): { id: number; box: Detection['box'] }[] } };
const variants = (fps: number): Variant[] => {
  const bt = (o: Partial<ByteTrackerOptions>) => () => new ByteTracker({ frameIntervalMs: 1000 / fps, ...o });
  return [
    { name: 'byte hungarian', make: bt({}) },
    { name: 'byte greedy', make: bt({ matcher: 'greedy' }) },
    { name: 'byte, no low pass', make: bt({ lowScore: 0.5 }) },
    { name: 'naive IoU (ref)', make: () => new NaiveIouTracker() },
  ];
};

function synthetic(): void {
  const scenes: SceneFrame[][] = [];
  for (let s = 0; s < 20; s++) {
    const walkers = Array.from({ length: 8 }, (_, i) => ({
      x: 30 + ((i * 97 + s * 31) % 650),
      y: 120 + ((i * 53 + s * 17) % 220),
      vx: (i % 2 ? -1 : 1) * (3 + ((i + s) % 7)),
      vy: ((i + s) % 5) - 2,
      w: 45 + ((i * 7) % 25),
      h: 130 + ((i * 13) % 70),
    }));
    scenes.push(simulateScene({ frames: 100, fps: 10, walkers, noisePx: 3, missRate: 0.08, occlusion: 'weak', clutter: 0.3, seed: 100 + s }));
  }
  console.log('synthetic: 20 scenes × 100 frames, 8 walkers, 8 % missed detections, occlusions, clutter');
  console.log('tracker               id switches  coverage  false pos.  updates/s');
  let refRate = 0;
  const switches = new Map<string, number>();
  for (const v of variants(10)) {
    let sw = 0;
    let matched = 0;
    let objects = 0;
    let fp = 0;
    let updates = 0;
    const t0 = performance.now();
    for (const frames of scenes) {
      const tr = v.make();
      const c = new IdentityCounter(0.3);
      for (const f of frames) {
        c.add(f.truth, tr.update(f.detections, f.ts));
        updates++;
      }
      sw += c.counts.idSwitches;
      matched += c.counts.matched;
      objects += c.counts.objects;
      fp += c.counts.falsePositives;
    }
    const rate = updates / ((performance.now() - t0) / 1000);
    if (v.name.startsWith('naive')) refRate = rate;
    switches.set(v.name, sw);
    console.log(`${v.name.padEnd(20)} ${String(sw).padStart(12)} ${((100 * matched) / objects).toFixed(1).padStart(8)} % ${String(fp).padStart(10)} ${rate.toFixed(0).padStart(10)}`);
  }
  void refRate;
  headline({ metric: 'tracker id switches, synthetic walkers (byte hungarian, the product tracker)', value: switches.get('byte hungarian') ?? NaN, unit: 'switches', reference: { label: 'naive IoU', value: switches.get('naive IoU (ref)') ?? NaN }, note: '20 scenes × 100 frames' });
}

async function vtest(): Promise<void> {
  const manifest = join(import.meta.dirname, '../models/manifest.json');
  if (!existsSync(VTEST_FILE) || !existsSync(manifest)) {
    console.log('\nvtest: skipped (needs opencv-doc footage and models/ from the set-up)');
    return;
  }
  const cacheDir = join(process.env['GYM_CACHE'] ?? join(homedir(), '.cache/smart-gym'), 'bench');
  mkdirSync(cacheDir, { recursive: true });
  const seconds = VTEST_REFERENCE.seconds + 1;
  const { ModelsConfig } = await import('../shared/src/config/gym-config.ts');
  const models = ModelsConfig.parse({});
  const cache = join(cacheDir, `vtest-${models.detector}-10fps-${seconds}s.json`);
  let frames: { t: number; dets: Detection[] }[];
  if (existsSync(cache)) frames = JSON.parse(readFileSync(cache, 'utf8'));
  else {
    const { startChromiumAnalyser } = await import('../web-perception/src/cli/analyse-video/analyse-harness.ts');
    const { decodeVideo, probeVideo } = await import('../web-perception/src/cli/analyse-video/video-decoder.ts');
    const a = await startChromiumAnalyser({ models, roles: ['detector'] });
    frames = [];
    const t0 = performance.now();
    try {
      const info = await probeVideo(VTEST_FILE);
      for await (const f of decodeVideo(VTEST_FILE, info, { fps: 10, maxSeconds: seconds })) frames.push({ t: f.t, dets: await a.detect(f) });
    } finally {
      await a.close();
    }
    console.log(`\nvtest: ${frames.length} frames through ${models.detector} in Chromium (${a.backend}), ${((performance.now() - t0) / frames.length).toFixed(0)} ms/frame; cached in ${cache}`);
    writeFileSync(cache, JSON.stringify(frames));
  }
  console.log(`\nvtest.avi, first ${VTEST_REFERENCE.seconds} s, hand-checked: ${VTEST_REFERENCE.distinctPeople} people, in view per second ${VTEST_REFERENCE.visibleAt.join(' ')}`);
  console.log('fps tracker               ids  extra ids  tracked per second        mean |count err|');
  for (const fps of [10, 5]) {
    const step = 10 / fps;
    const sub = frames.filter((_, i) => i % step === 0);
    for (const v of variants(fps)) {
      const tr = v.make();
      const out = sub.map((f) => ({ t: f.t, ids: tr.update(f.dets, f.t).map((x) => x.id) }));
      const s = scoreVtest(out);
      console.log(`${String(fps).padStart(3)} ${v.name.padEnd(20)} ${String(s.idsIssued).padStart(4)} ${String(s.extraIds).padStart(10)}  ${s.trackedAt.join(' ').padEnd(24)} ${s.countError.toFixed(2)}`);
    }
  }
}

synthetic();
if (process.env['BENCH_VTEST'] !== '0') await vtest();
