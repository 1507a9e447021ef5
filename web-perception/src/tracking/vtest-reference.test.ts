/**
 * The tracker on real detector output: nanodet-m's person detections on the first 9 s of vtest.avi (a fixture,
 * see its `source`), scored against the hand-checked reference of vtest-reference.ts. The crossing of three
 * pedestrians by the lamp post (3–6 s) is where ids are at risk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteTracker, type ByteTrackerOptions, type Detection } from './byte-tracker.ts';
import { scoreVtest, VTEST_REFERENCE } from './vtest-reference.ts';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/vtest-nanodet-detections.json'), 'utf8')) as {
  frames: { t: number; d: [number, number, number, number, number][] }[];
};
const frames = fixture.frames.map((f) => ({ t: f.t, dets: f.d.map(([x, y, w, h, score]): Detection => ({ box: { x, y, w, h }, score })) }));

function track(fps: 10 | 5, o: Partial<ByteTrackerOptions> = {}) {
  const tr = new ByteTracker({ frameIntervalMs: 1000 / fps, ...o });
  const sub = frames.filter((_, i) => i % (10 / fps) === 0);
  return scoreVtest(sub.map((f) => ({ t: f.t, ids: tr.update(f.dets, f.t).map((x) => x.id) })));
}

describe('ByteTracker on vtest.avi detections vs the hand-checked reference', () => {
  it('gives the 6 pedestrians of the first 8 s at most 2 extra ids at 10 and 5 analysed fps', () => {
    for (const fps of [10, 5] as const) {
      const s = track(fps);
      expect(s.idsIssued).toBeGreaterThanOrEqual(VTEST_REFERENCE.distinctPeople - 1); // the detector misses some
      expect(s.extraIds).toBeLessThanOrEqual(2);
      expect(s.countError).toBeLessThan(2);
      expect(s.trackedAt[0]).toBe(VTEST_REFERENCE.visibleAt[0]);
    }
  });

  it('does better than without its motion model and low-score pass at 5 fps (fewer ids for the same people)', () => {
    const full = track(5);
    // A tracker that forgets a person after one missed frame and ignores weak boxes: what ByteTrack improves on.
    const crude = track(5, { lowScore: 0.5, maxLostMs: 150 });
    expect(crude.idsIssued).toBeGreaterThan(full.idsIssued);
  });
});
