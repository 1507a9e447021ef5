/**
 * Renders a re-identification set: `count` people (identity-spec.ts), each photographed from `views` cameras,
 * as 128×256 JPEG crops of the projected person box under `<out>/crops/`, with `<out>/labels.json`
 * (gym.ml.identity-crops/1). Skips the work when labels.json was made by the same generator with the same
 * arguments (generatorHash).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IDENTITY_CROPS_FORMAT, IdentityCrops, type IdentityCrop } from '@gym/shared/footage/identity-crops.ts';
import { startPageHost } from '../../../web-perception/src/models/node/page-host.ts';
import { loadHumanMesh } from '../mesh/human-mesh.ts';
import { computeSkinWeights } from '../rig/skin-weights.ts';
import { boneTransforms, flatTransforms } from '../rig/pose.ts';
import { buildPosture, standing } from '../motion/body.ts';
import { exerciseControls, idleControls, walkingControls } from '../motion/exercises.ts';
import { MESH_HEIGHT } from '../frames.ts';
import { RENDER_FLAGS } from '../render.ts';
import type { V3 } from '../rig/vec.ts';
import { identity, type Shot } from './identity-spec.ts';

const SRC = resolve(import.meta.dirname, '..');
const SOURCES = ['identities/identity-spec.ts', 'identities/identity-page.ts', 'identities/render-identities.ts', 'page/looks.ts', 'motion', 'rig', 'mesh'];

export function generatorHash(args: object): string {
  const h = createHash('sha256').update(JSON.stringify(args));
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) h.update(p.slice(SRC.length)).update(readFileSync(p));
  };
  for (const s of SOURCES) walk(join(SRC, s));
  return h.digest('hex').slice(0, 16);
}

/** The 17 bone transforms (flat, 12 per bone) of a shot's pose for a person of `height` m at the origin. */
export function shotBones(shot: Shot, height: number): number[] {
  const base = standing(0, 0, shot.yaw);
  const p = shot.pose;
  const c = p.kind === 'walking' ? walkingControls(base, p.phase) : p.kind === 'exercise' ? exerciseControls(p.exercise, base, p.depth) : idleControls(base, p.t, p.kind === 'talking');
  const s = height / MESH_HEIGHT;
  const tr = boneTransforms(buildPosture(c)).map((b) => ({ r: b.r.map((v) => v * s) as typeof b.r, head: [s * b.head[0], s * b.head[1], s * b.head[2]] as V3, restHead: b.restHead }));
  return flatTransforms(tr);
}

export interface RenderIdentitiesOptions { count: number; views: number; seed: number; out: string; first?: number; width?: number; height?: number }

export async function renderIdentities(o: RenderIdentitiesOptions, log: (line: string) => void = () => {}): Promise<{ labels: string; cached: boolean; crops: number; seconds: number }> {
  const width = o.width ?? 640, height = o.height ?? 480, first = o.first ?? 0;
  const args = { count: o.count, views: o.views, seed: o.seed, first, width, height };
  const hash = generatorHash(args);
  const labelsFile = join(o.out, 'labels.json');
  if (existsSync(labelsFile)) {
    try {
      const l = IdentityCrops.parse(JSON.parse(readFileSync(labelsFile, 'utf8')));
      if (l.generatorHash === hash) return { labels: labelsFile, cached: true, crops: l.crops.length, seconds: 0 };
    } catch {
      // Unreadable labels: render again.
    }
  }
  const t0 = Date.now();
  mkdirSync(join(o.out, 'crops'), { recursive: true });
  const mesh = loadHumanMesh();
  const skin = computeSkinWeights(mesh.positions, mesh.triangles);
  const buf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const routes: Record<string, Buffer> = {
    '/mesh/positions': buf(mesh.positions), '/mesh/triangles': buf(mesh.triangles), '/mesh/bones': buf(skin.bones),
    '/mesh/weights': buf(skin.weights), '/mesh/dominant': buf(skin.dominant),
  };
  const host = await startPageHost({
    entry: join(SRC, 'identities/identity-page.ts'),
    title: 'gym identity renderer',
    readyGlobal: 'gymIdentities',
    route: (p) => (p.startsWith('/mesh/') ? (routes[p] ? { data: routes[p] } : null) : undefined),
    flags: RENDER_FLAGS,
    onConsole: (l) => l.startsWith('pageerror') && log(l),
  });
  type Api = { init(a: unknown): Promise<{ webgl: string }>; setLook(l: unknown): void; shot(a: unknown): { jpeg: string; box: [number, number, number, number] } };
  const crops: IdentityCrop[] = [];
  try {
    const info = await host.page.evaluate((a) => (window as unknown as { gymIdentities: Api }).gymIdentities.init(a), { width, height });
    log(`rendering ${o.count} identities × ${o.views} views at ${width}x${height} (WebGL: ${info.webgl}) → ${o.out}`);
    let lastLog = Date.now();
    for (let id = first; id < first + o.count; id++) {
      const { look, shots } = identity(o.seed, id, o.views);
      await host.page.evaluate((l) => (window as unknown as { gymIdentities: Api }).gymIdentities.setLook(l), look as unknown);
      for (let v = 0; v < shots.length; v++) {
        const shot = shots[v]!;
        const res = await host.page.evaluate((a) => (window as unknown as { gymIdentities: Api }).gymIdentities.shot(a), { bones: shotBones(shot, look.height), shot, height: look.height, build: look.build } as unknown);
        const file = `crops/${String(id).padStart(5, '0')}_${v}.jpg`;
        writeFileSync(join(o.out, file), Buffer.from(res.jpeg.slice(res.jpeg.indexOf(',') + 1), 'base64'));
        let az = ((shot.azimuth * 180) / Math.PI) % 360;
        if (az < 0) az += 360;
        crops.push({ file, id, view: v, pose: shot.pose.kind === 'exercise' ? shot.pose.exercise : shot.pose.kind, azimuthDeg: Math.round(az), distanceM: Math.round(shot.distance * 100) / 100, boxHeightPx: Math.round(res.box[3]) });
      }
      if (Date.now() - lastLog > 15_000 || id === first + o.count - 1) {
        const done = id - first + 1;
        const rate = (done * o.views) / ((Date.now() - t0) / 1000);
        log(`  ${done}/${o.count} identities (${rate.toFixed(1)} crops/s, ~${Math.round(((o.count - done) * o.views) / rate)} s left)`);
        lastLog = Date.now();
      }
    }
  } finally {
    await host.close();
  }
  const labels: IdentityCrops = { format: IDENTITY_CROPS_FORMAT, seed: o.seed, count: o.count, views: o.views, width: 128, height: 256, generatorHash: hash, crops };
  writeFileSync(labelsFile, JSON.stringify(IdentityCrops.parse(labels)));
  return { labels: labelsFile, cached: false, crops: crops.length, seconds: (Date.now() - t0) / 1000 };
}
