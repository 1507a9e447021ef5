/**
 * Renders a scene to `<out>/<name>.mp4` (H.264, yuv420p) with its truth (`<name>.truth.json`, gym.footage-truth/1)
 * and per-frame landmarks (`<name>.landmarks.jsonl`, gym.footage-landmarks/1). The rig and the truth are computed
 * in Node; headless Chromium (three.js on SwiftShader WebGL) skins and draws; ffmpeg encodes the JPEG frames.
 * Skips the work when the files on disk were made from the same scene by the same renderer (sceneHash).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { FOOTAGE_TRUTH_FORMAT, FootageTruth, type TruthPerson } from '@gym/shared';
import { CHROMIUM_BASE_FLAGS } from '@gym/shared/chromium-flags.ts';
import { startPageHost } from '../../web-perception/src/models/node/page-host.ts';
import { LANDMARKS } from './rig/skeleton.ts';
import { loadHumanMesh } from './mesh/human-mesh.ts';
import { logoFrame } from './mesh/logo-frame.ts';
import { computeSkinWeights } from './rig/skin-weights.ts';
import { Scene, type SceneInput } from './scene.schema.ts';
import { personFrame, sceneTimelines } from './frames.ts';
import { projector } from './camera.ts';

export const LANDMARKS_FORMAT = 'gym.footage-landmarks/1';
const SRC = resolve(import.meta.dirname);

/** `$GYM_CACHE/footage/rendered` (the set-up's cache), else `$XDG_CACHE_HOME` or `~/.cache` + `smart-gym/…`. */
export function footageCacheDir(): string {
  const cache = process.env['GYM_CACHE'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'smart-gym');
  return join(cache, 'footage', 'rendered');
}

/** The sources that decide pixels and truth; the CLI, built-in scenes and the coverage generator are left out. */
const RENDERER_SOURCES = ['mesh', 'rig', 'motion', 'page', 'camera.ts', 'frames.ts', 'render.ts', 'scene.schema.ts'];

/** Hash of the renderer's own source: a change to the rig, motion or page renders again. */
function rendererHash(): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) h.update(p.slice(SRC.length)).update(readFileSync(p));
  };
  for (const s of RENDERER_SOURCES) walk(join(SRC, s));
  return h.digest('hex');
}

export function sceneHash(scene: Scene): string {
  return createHash('sha256').update(JSON.stringify(scene)).update(rendererHash()).digest('hex').slice(0, 16);
}

export interface RenderResult { video: string; truth: string; landmarks: string; cached: boolean; seconds: number; fps: number }

export const RENDER_FLAGS = [
  ...CHROMIUM_BASE_FLAGS.filter((f) => f !== '--disable-gpu'),
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/** Whether `outDir` holds this scene rendered by this renderer (renderScene would reuse it); its frame count either way. */
export function renderedUpToDate(input: SceneInput, outDir = footageCacheDir()): { upToDate: boolean; frames: number } {
  const scene = Scene.parse(input);
  const frames = Math.round(scene.durationS * scene.fps);
  const base = join(outDir, scene.name);
  if (!existsSync(`${base}.mp4`) || !existsSync(`${base}.truth.json`)) return { upToDate: false, frames };
  try {
    return { upToDate: FootageTruth.parse(JSON.parse(readFileSync(`${base}.truth.json`, 'utf8'))).sceneHash === sceneHash(scene), frames };
  } catch {
    // An unreadable truth file: render again.
    return { upToDate: false, frames };
  }
}

export async function renderScene(input: SceneInput, outDir = footageCacheDir(), log: (line: string) => void = () => {}): Promise<RenderResult> {
  const scene = Scene.parse(input);
  const hash = sceneHash(scene);
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, scene.name);
  const files = { video: `${base}.mp4`, truth: `${base}.truth.json`, landmarks: `${base}.landmarks.jsonl` };
  if (renderedUpToDate(scene, outDir).upToDate) return { ...files, cached: true, seconds: 0, fps: 0 };
  const t0 = Date.now();
  const mesh = loadHumanMesh();
  const skin = computeSkinWeights(mesh.positions, mesh.triangles);
  const buf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const routes: Record<string, Buffer> = {
    '/mesh/positions': buf(mesh.positions),
    '/mesh/triangles': buf(mesh.triangles),
    '/mesh/bones': buf(skin.bones),
    '/mesh/weights': buf(skin.weights),
    '/mesh/dominant': buf(skin.dominant),
    '/mesh/uvs': buf(mesh.uvs),
  };
  const host = await startPageHost({
    entry: join(SRC, 'page/render-page.ts'),
    title: 'gym footage renderer',
    readyGlobal: 'gymRender',
    route: (p) => (p.startsWith('/mesh/') ? (routes[p] ? { data: routes[p] } : null) : undefined),
    flags: RENDER_FLAGS,
    onConsole: (l) => l.startsWith('pageerror') && log(l),
  });
  const tmp = `${files.video}.tmp.mp4`;
  const ffmpeg = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-f', 'image2pipe', '-framerate', String(scene.fps), '-c:v', 'mjpeg', '-i', '-',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '21', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-g', String(scene.fps), '-movflags', '+faststart', tmp], { stdio: ['pipe', 'ignore', 'pipe'] });
  let ffErr = '';
  ffmpeg.stderr.on('data', (d: Buffer) => (ffErr += d.toString()).length > 4000 && (ffErr = ffErr.slice(-4000)));
  const ffDone = new Promise<number>((ok) => ffmpeg.on('close', (c) => ok(c ?? 1)));
  const frames = Math.round(scene.durationS * scene.fps);
  const lmLines: string[] = [JSON.stringify({ format: LANDMARKS_FORMAT, clip: scene.name, fps: scene.fps, width: scene.width, height: scene.height, people: scene.people.map((p) => p.id), landmarks: LANDMARKS.map((l) => l.name), values: '[x px, y px, depth m] per landmark, projected from the rig (no occlusion test)' })];
  const inside = scene.people.map(() => [] as boolean[]);
  const tls = sceneTimelines(scene);
  const project = projector(scene.camera, scene.width, scene.height);
  try {
    const info = await host.page.evaluate((a) => (window as unknown as { gymRender: { init(a: unknown): Promise<{ webgl: string }> } }).gymRender.init(a), {
      width: scene.width, height: scene.height, camera: scene.camera, room: scene.room, looks: scene.people.map((p) => p.look), equipment: tls.map((tl) => tl.equipment), logoFrame: logoFrame(mesh), quality: 0.92,
    });
    log(`rendering ${scene.name}: ${frames} frames ${scene.width}x${scene.height} @ ${scene.fps} fps, ${scene.people.length} people (WebGL: ${info.webgl})`);
    let lastLog = Date.now();
    for (let i = 0; i < frames; i++) {
      const t = i / scene.fps;
      const pf = tls.map((tl, k) => personFrame(scene, tl, k, t, project));
      const url = await host.page.evaluate(([b, e]) => (window as unknown as { gymRender: { frame(b: number[][], e: number[][][]): string } }).gymRender.frame(b, e), [pf.map((p) => p.bones), pf.map((p) => p.equipment)] as const);
      const jpeg = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
      if (!ffmpeg.stdin.write(jpeg)) await new Promise((ok) => ffmpeg.stdin.once('drain', ok));
      const people: Record<string, [number, number, number][]> = {};
      pf.forEach((p, k) => {
        people[scene.people[k]!.id] = p.landmarks;
        const inImg = p.landmarks.filter(([x, y, d]) => d > 0 && x >= 0 && y >= 0 && x < scene.width && y < scene.height).length;
        inside[k]!.push(inImg >= LANDMARKS.length / 2);
      });
      lmLines.push(JSON.stringify({ i, t: Math.round(t * 1000) / 1000, people }));
      if (Date.now() - lastLog > 10_000 || i === frames - 1) {
        const fps = (i + 1) / ((Date.now() - t0) / 1000);
        log(`  ${scene.name}: ${i + 1}/${frames} frames (${fps.toFixed(1)} frames/s, ~${Math.round((frames - i - 1) / fps)} s left)`);
        lastLog = Date.now();
      }
    }
  } finally {
    ffmpeg.stdin.end();
    await host.close();
  }
  const code = await ffDone;
  if (code !== 0) throw new Error(`ffmpeg failed (exit ${code}) encoding ${scene.name}: ${ffErr.trim().split('\n').pop()}`);
  renameSync(tmp, files.video);
  writeFileSync(files.landmarks, lmLines.join('\n') + '\n');
  const people: TruthPerson[] = scene.people.map((p, k) => {
    const tl = tls[k]!;
    // View: the angle between where the person faces and where the camera is, 0 front … 90 side … 180 back.
    const toCam = Math.atan2(scene.camera.position[0] - tl.x, scene.camera.position[2] - tl.z);
    let view = Math.abs(((toCam - tl.yaw) * 180) / Math.PI) % 360;
    if (view > 180) view = 360 - view;
    return { id: p.id, role: p.role, viewDeg: Math.round(view), sets: tl.sets, visible: intervals(inside[k]!, scene.fps) };
  });
  const truth: FootageTruth = {
    format: FOOTAGE_TRUTH_FORMAT,
    clip: scene.name,
    video: `${scene.name}.mp4`,
    fps: scene.fps,
    width: scene.width,
    height: scene.height,
    frames,
    durationS: frames / scene.fps,
    camera: { label: scene.camera.label, position: scene.camera.position, target: scene.camera.target, fovDeg: scene.camera.fovDeg },
    people,
    landmarksFile: `${scene.name}.landmarks.jsonl`,
    sceneHash: hash,
  };
  writeFileSync(files.truth, JSON.stringify(FootageTruth.parse(truth), null, 1));
  const seconds = (Date.now() - t0) / 1000;
  return { ...files, cached: false, seconds, fps: frames / seconds };
}

function intervals(flags: boolean[], fps: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  flags.forEach((f, i) => {
    if (f && start < 0) start = i;
    if ((!f || i === flags.length - 1) && start >= 0) {
      out.push([start / fps, (f ? i + 1 : i) / fps]);
      start = -1;
    }
  });
  return out;
}
