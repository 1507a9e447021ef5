import { describe, expect, it } from 'vitest';
import { Scene } from '../scene.schema.ts';
import { EXERCISES, HOLDS } from '../motion/exercises.ts';
import { personFrame, sceneTimelines } from '../frames.ts';
import { projector } from '../camera.ts';
import { coverageScenes, CoverageSpec, loadCoverageSpec } from './coverage-scenes.ts';

const LYING = new Set(['push_up', 'bench_press', 'sit_up', 'hip_thrust', 'mountain_climber']);

describe('coverage set', () => {
  const set = coverageScenes();

  it('has every exercise from front, 45° and side at two tempos, each name once', () => {
    expect(new Set(set.map((c) => c.exercise))).toEqual(new Set(EXERCISES));
    for (const e of EXERCISES) expect(set.filter((c) => c.exercise === e).map((c) => `${c.viewDeg}/${c.tempo}`).sort()).toEqual(['0/quick', '0/slow', '45/quick', '45/slow', '90/quick', '90/slow']);
    expect(new Set(set.map((c) => c.scene.name)).size).toBe(set.length);
  });

  // 126 clips, 11560 frames posed in Node: ~20 s alone, ~3 min on a loaded machine.
  it('frames the whole body, large, in every frame of every clip', () => {
    for (const c of set) {
      const s = Scene.parse(c.scene);
      const tl = sceneTimelines(s);
      const project = projector(s.camera, s.width, s.height);
      let tallest = 0;
      for (let i = 0; i < s.durationS * s.fps; i++) {
        const lm = personFrame(s, tl[0]!, 0, i / s.fps, project).landmarks;
        for (const [x, y] of lm) {
          expect(x, `${s.name} frame ${i}`).toBeGreaterThan(0);
          expect(x, `${s.name} frame ${i}`).toBeLessThan(s.width);
          expect(y, `${s.name} frame ${i}`).toBeGreaterThan(0);
          expect(y, `${s.name} frame ${i}`).toBeLessThan(s.height);
        }
        const ys = lm.map((l) => l[1]);
        tallest = Math.max(tallest, Math.max(...ys) - Math.min(...ys));
      }
      // The detector scores small figures under the tracker's new-track threshold: standing and hanging people fill
      // ≥ 60 % of the height; people lying down (push-ups, bench presses, sit-ups) are long, not tall.
      if (!LYING.has(c.exercise)) expect(tallest / s.height, s.name).toBeGreaterThan(0.6);
    }
  }, 480_000);

  it('counts exactly the reps the spec asks for; holds are held for the spec\'s seconds, inside the clip', () => {
    const spec = loadCoverageSpec();
    for (const c of set) {
      const tl = sceneTimelines(Scene.parse(c.scene))[0]!;
      if (HOLDS.has(c.exercise as (typeof EXERCISES)[number])) {
        const s = tl.sets[0]!;
        expect(s.reps, c.scene.name).toEqual([]);
        expect(s.holdS, c.scene.name).toBe(spec.holds[c.tempo]!.holdS);
        expect(s.hold!.end - s.hold!.start, c.scene.name).toBeCloseTo(spec.holds[c.tempo]!.holdS, 2);
        expect(s.hold!.start, c.scene.name).toBeGreaterThan(s.start);
        expect(s.end, c.scene.name).toBeLessThan(c.scene.durationS);
        continue;
      }
      expect(tl.sets.flatMap((x) => x.reps).filter((r) => r.counted)).toHaveLength(spec.tempos[c.tempo]!.reps);
      expect(tl.sets[0]!.hold, c.scene.name).toBeNull();
      const last = tl.sets.at(-1)!.reps.at(-1)!;
      expect(last.end).toBeLessThan(c.scene.durationS);
    }
  });

  it('refuses a spec with a bad field, naming it', () => {
    const r = CoverageSpec.safeParse({ ...loadCoverageSpec(), exercises: { yoga: 'standing' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toContain('exercises');
  });
});
