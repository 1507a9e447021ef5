import type { SceneInput } from '../scene.schema.ts';

/** N people with looks drawn from seeds S … S+N−1, standing in a row, turned a little this way and that. */
export function lineupScene(seed: number, count: number): SceneInput {
  const gap = 0.75, width = (count - 1) * gap;
  const w = Math.min(1920, 180 * count), h = 600, tanV = Math.tan((45 / 2) * (Math.PI / 180));
  // Far enough to fit the row (plus a metre) across and 2.2 m of height.
  const distance = Math.max(2.2 / (2 * tanV), (width + 1) / (2 * tanV * (w / h)));
  return {
    name: `lineup-${seed}-${count}`,
    durationS: 0.2,
    fps: 10,
    width: w,
    height: h,
    camera: { label: 'lineup', position: [0, 1.0, distance], target: [0, 0.92, 0], fovDeg: 45 },
    people: Array.from({ length: count }, (_, i) => ({ role: 'standing' as const, id: `s${seed + i}`, look: { seed: seed + i }, at: { x: -width / 2 + i * gap, z: 0, yawDeg: ((i % 3) - 1) * 20 } })),
  };
}
