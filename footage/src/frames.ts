/**
 * Per-frame rig state of a scene, computed in Node: for every person the 17 bone transforms (rotation × height
 * scale, and the posed joint) the page skins the mesh with, and the 33 landmarks projected into the image.
 */
import type { Scene } from './scene.schema.ts';
import { projector } from './camera.ts';
import { boneTransforms, flatTransforms, landmarkPositions } from './rig/pose.ts';
import { buildPosture } from './motion/body.ts';
import { timeline, type Timeline } from './motion/timeline.ts';
import type { V3 } from './rig/vec.ts';

export const MESH_HEIGHT = 1.66;

export interface PersonFrame {
  /** 17 × 12 numbers: row-major 3×3 (rotation × scale), then the posed joint (x, y, z). */
  bones: number[];
  /** 33 × [x px, y px, depth m]. */
  landmarks: [number, number, number][];
  /** Per equipment item of the person (timeline.equipment): 12 numbers, row-major 3×3 (rotation × scale), then position. */
  equipment: number[][];
}

export function sceneTimelines(scene: Scene): Timeline[] {
  return scene.people.map(timeline);
}

/** `project`: the scene camera's projector (camera.ts), made once per render. */
export function personFrame(scene: Scene, tl: Timeline, personIndex: number, t: number, project: ReturnType<typeof projector>): PersonFrame {
  const person = scene.people[personIndex]!;
  const c = tl.controlsAt(t);
  const s = person.look.height / MESH_HEIGHT;
  const root: V3 = [c.x, 0, c.z];
  const posture = buildPosture(c);
  const tr = boneTransforms(posture);
  const scaled = tr.map((b) => ({ r: b.r.map((v) => v * s) as typeof b.r, head: [root[0] + s * (b.head[0] - root[0]), s * b.head[1], root[2] + s * (b.head[2] - root[2])] as V3, restHead: b.restHead }));
  const lms = landmarkPositions(scaled).map((p) => {
    const q = project(p);
    return [round(q.x, 2), round(q.y, 2), round(q.depth, 3)] as [number, number, number];
  });
  const equipment = tl.equipmentAt(t, c, posture.joints).map((e) => [...e.r.map((v) => v * s), root[0] + s * (e.p[0] - root[0]), s * e.p[1], root[2] + s * (e.p[2] - root[2])]);
  return { bones: flatTransforms(scaled), landmarks: lms, equipment };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
