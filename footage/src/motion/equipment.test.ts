import { describe, expect, it } from 'vitest';
import { Scene } from '../scene.schema.ts';
import { timeline } from './timeline.ts';
import { buildPosture, standing } from './body.ts';
import { exerciseControls } from './exercises.ts';
import { personFrame, sceneTimelines } from '../frames.ts';
import { projector } from '../camera.ts';
import { STATION } from './equipment.ts';
import type { V3 } from '../rig/vec.ts';

const deg = (r: number) => (r * 180) / Math.PI;
const angle = (a: V3, b: V3, c: V3) => {
  const u = [a[0] - b[0], a[1] - b[1], a[2] - b[2]], v = [c[0] - b[0], c[1] - b[1], c[2] - b[2]];
  return deg(Math.acos((u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!) / (Math.hypot(...u) * Math.hypot(...v))));
};
const person = (exercise: string, yawDeg = 30) => ({ role: 'exercising', id: 'p1', at: { x: 0.4, z: -0.3, yawDeg }, sets: [{ exercise, reps: 2, restAfter: 2 }], startS: 1 });
const scene = (exercise: string) => Scene.parse({ name: 'eq', durationS: 12, camera: { position: [0, 1.2, 3], target: [0, 0.8, 0] }, people: [person(exercise)] });

describe('pull-up, bench press and sit-up programmes', () => {
  it('pull-up: the hands stay on the bar while the body rises, the feet stay off the floor, the elbows bend', () => {
    const j = (d: number) => buildPosture(exerciseControls('pull_up', standing(0.4, -0.3, 0.5), d)).joints;
    for (const d of [0, 0.5, 1]) {
      expect(j(d).lWrist[1], `wrist at depth ${d}`).toBeCloseTo(STATION.barY - 0.035, 2);
      expect(j(d).rAnkle[1], `feet at depth ${d}`).toBeGreaterThan(0.15);
    }
    expect(j(1).pelvis[1] - j(0).pelvis[1]).toBeGreaterThan(0.4);
    expect(angle(j(0).lShoulder, j(0).lElbow, j(0).lWrist)).toBeGreaterThan(150);
    expect(angle(j(1).lShoulder, j(1).lElbow, j(1).lWrist)).toBeLessThan(80);
  });

  it('bench press: lying on the bench, feet on the floor, wrists from over the shoulders down to the chest', () => {
    const j = (d: number) => buildPosture(exerciseControls('bench_press', standing(), d)).joints;
    for (const d of [0, 1]) {
      expect(Math.abs(j(d).neck[1] - j(d).pelvis[1]), 'torso horizontal').toBeLessThan(0.06);
      expect(j(d).lAnkle[1]).toBeCloseTo(standing().legs.l.ankle[1], 2);
    }
    expect(j(0).lWrist[1] - j(0).lShoulder[1]).toBeGreaterThan(0.45);
    expect(j(1).lWrist[1] - j(1).lShoulder[1]).toBeLessThan(0.25);
    expect(angle(j(1).lShoulder, j(1).lElbow, j(1).lWrist)).toBeLessThan(100);
  });

  it('sit-up: the torso comes up from lying to near upright, hips and feet on the floor', () => {
    const j = (d: number) => buildPosture(exerciseControls('sit_up', standing(), d)).joints;
    const incline = (d: number) => deg(Math.atan2(Math.hypot(j(d).neck[0] - j(d).pelvis[0], j(d).neck[2] - j(d).pelvis[2]), j(d).neck[1] - j(d).pelvis[1]));
    expect(incline(0)).toBeGreaterThan(80);
    expect(incline(1)).toBeLessThan(30);
    for (const d of [0, 1]) expect(j(d).lHip[1]).toBeLessThan(0.15);
    expect(angle(j(0).lHip, j(0).lKnee, j(0).lAnkle)).toBeLessThan(120);
  });

  it('stays lying between sets of a lying exercise instead of standing up', () => {
    const tl = timeline(scene('sit_up').people[0]!);
    expect(buildPosture(tl.controlsAt(0)).joints.neck[1]).toBeLessThan(0.4);
    expect(buildPosture(tl.controlsAt(11.5)).joints.neck[1]).toBeLessThan(0.4);
  });
});

describe('equipment placements', () => {
  it('puts the stations in the person frame, scaled with the height, and the dumbbells in the hands', () => {
    const s = scene('bench_press');
    const tl = sceneTimelines(s)[0]!;
    expect(tl.equipment).toEqual(['bench', 'dumbbell', 'dumbbell']);
    const project = projector(s.camera, s.width, s.height);
    const tall = Scene.parse({ ...s, people: [{ ...person('bench_press'), look: { height: 1.9 } }] });
    for (const [sc, h] of [[s, 1.72], [tall, 1.9]] as const) {
      const f = personFrame(sc, sceneTimelines(sc)[0]!, 0, 3, project);
      expect(f.equipment).toHaveLength(3);
      // The rotation carries the person's height scale: its first row has length height / 1.66.
      const bench = f.equipment[0]!;
      expect(Math.hypot(bench[0]!, bench[1]!, bench[2]!)).toBeCloseTo(h / 1.66, 3);
      // Left dumbbell near the left wrist landmark (15) in the image.
      const [x, y, z] = [f.equipment[1]![9]!, f.equipment[1]![10]!, f.equipment[1]![11]!];
      const p = project([x, y, z]);
      const wrist = f.landmarks[15]!;
      expect(Math.hypot(p.x - wrist[0], p.y - wrist[1])).toBeLessThan(30);
    }
  });

  it('gives people without equipment none', () => {
    const tl = sceneTimelines(scene('squat'))[0]!;
    expect(tl.equipment).toEqual([]);
    expect(tl.equipmentAt(1, tl.controlsAt(1), buildPosture(tl.controlsAt(1)).joints)).toEqual([]);
  });
});
