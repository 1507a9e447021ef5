/**
 * The page headless Chromium runs to draw a scene: three.js on WebGL 2 (SwiftShader on machines without a GPU).
 * Node sends, per frame, each person's 17 bone transforms; the page skins the mesh (linear blend, on the CPU:
 * 13k vertices), draws, and returns the frame as JPEG. No clock: a frame is drawn when asked for.
 */
import * as THREE from 'three';
import { BONES, REST_JOINTS } from '../rig/skeleton.ts';
import { vertexColours } from './looks.ts';
import type { Look } from '../scene.schema.ts';
import { skinFlat, type SkinWeights } from '../rig/pose.ts';
import { equipmentMesh } from './equipment-meshes.ts';
import { shapedRest } from '../rig/body-shape.ts';
import { logoTexture, withLogo, type LogoFrame } from './logo-texture.ts';
import { wearables } from './wearables.ts';

interface InitArgs {
  width: number;
  height: number;
  camera: { position: [number, number, number]; target: [number, number, number]; fovDeg: number };
  room: { floor: string; walls: string; light: number; props: { kind: string; x: number; z: number; yawDeg: number; colour?: string }[] };
  looks: Look[];
  /** Per person, the kinds of equipment they use or carry (placed per frame). */
  equipment: string[][];
  logoFrame: LogoFrame;
  quality: number;
}

const restHeads = BONES.map((b) => REST_JOINTS[b.from]);
let renderer: THREE.WebGLRenderer, scene: THREE.Scene, camera: THREE.PerspectiveCamera;
let rest: Float32Array, skinWeightsAll: SkinWeights;
interface PersonMesh { geo: THREE.BufferGeometry; pos: Float32Array; rest: Float32Array; mesh: THREE.Mesh; equipment: THREE.Object3D[]; wear: THREE.Object3D[] }
const people: PersonMesh[] = [];
const HEAD = BONES.findIndex((b) => b.name === 'head');
let quality = 0.9;

async function bin(path: string): Promise<ArrayBuffer> {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.arrayBuffer();
}

function prop(kind: string, colour?: string): THREE.Object3D {
  const mat = (c: string) => new THREE.MeshLambertMaterial({ color: c });
  const g = new THREE.Group();
  const box = (w: number, h: number, d: number, x: number, y: number, z: number, c: string) => {
    const m = new THREE.Mesh(new THREE.BoxGeometry(w, h, d), mat(c));
    m.position.set(x, y, z);
    g.add(m);
  };
  if (kind === 'bench') {
    box(0.3, 0.08, 1.2, 0, 0.42, 0, colour ?? '#1d1d1f');
    box(0.08, 0.4, 0.08, 0, 0.2, 0.45, '#777a80');
    box(0.08, 0.4, 0.08, 0, 0.2, -0.45, '#777a80');
  } else if (kind === 'rack') {
    for (const x of [-0.6, 0.6]) for (const z of [-0.4, 0.4]) box(0.07, 2.2, 0.07, x, 1.1, z, colour ?? '#3b3f46');
    box(1.4, 0.05, 0.05, 0, 1.45, 0.4, '#aaaaaa');
  } else if (kind === 'mat') box(0.65, 0.015, 1.8, 0, 0.008, 0, colour ?? '#284b63');
  else box(0.5, 0.5, 0.5, 0, 0.25, 0, colour ?? '#8a6f4d');
  return g;
}

async function init(a: InitArgs): Promise<{ webgl: string }> {
  quality = a.quality;
  const canvas = document.createElement('canvas');
  canvas.width = a.width;
  canvas.height = a.height;
  document.body.appendChild(canvas);
  renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(a.width, a.height, false);
  renderer.setPixelRatio(1);
  scene = new THREE.Scene();
  scene.background = new THREE.Color(a.room.walls);
  camera = new THREE.PerspectiveCamera(a.camera.fovDeg, a.width / a.height, 0.05, 60);
  camera.position.set(...a.camera.position);
  camera.lookAt(new THREE.Vector3(...a.camera.target));
  scene.add(new THREE.HemisphereLight(0xffffff, 0x4a4036, 1.6 * a.room.light));
  const sun = new THREE.DirectionalLight(0xfff4e6, 1.4 * a.room.light);
  sun.position.set(3, 6, 4);
  scene.add(sun);
  const floor = new THREE.Mesh(new THREE.PlaneGeometry(30, 30), new THREE.MeshLambertMaterial({ color: a.room.floor }));
  floor.rotation.x = -Math.PI / 2;
  scene.add(floor);
  const walls = new THREE.Mesh(new THREE.BoxGeometry(16, 4, 16), new THREE.MeshLambertMaterial({ color: a.room.walls, side: THREE.BackSide }));
  walls.position.y = 2;
  scene.add(walls);
  for (const p of a.room.props) {
    const o = prop(p.kind, p.colour);
    o.position.set(p.x, 0, p.z);
    o.rotation.y = (p.yawDeg * Math.PI) / 180;
    scene.add(o);
  }
  rest = new Float32Array(await bin('/mesh/positions'));
  const tris = new Uint32Array(await bin('/mesh/triangles'));
  skinWeightsAll = { bones: new Uint8Array(await bin('/mesh/bones')), weights: new Float32Array(await bin('/mesh/weights')) };
  const dominant = new Uint8Array(await bin('/mesh/dominant'));
  const uvs = new Float32Array(await bin('/mesh/uvs'));
  for (const [k, look] of a.looks.entries()) {
    const geo = new THREE.BufferGeometry();
    const pos = new Float32Array(rest.length);
    geo.setAttribute('position', new THREE.BufferAttribute(pos, 3).setUsage(THREE.DynamicDrawUsage));
    geo.setAttribute('color', new THREE.BufferAttribute(vertexColours(rest, dominant, look), 3));
    geo.setIndex(new THREE.BufferAttribute(tris, 1));
    const material = new THREE.MeshLambertMaterial({ vertexColors: true });
    if (look.logo) {
      geo.setAttribute('uv', new THREE.BufferAttribute(uvs, 2));
      withLogo(material, logoTexture(look.logo, a.logoFrame, look.top));
    }
    const mesh = new THREE.Mesh(geo, material);
    mesh.frustumCulled = false;
    scene.add(mesh);
    const equipment = (a.equipment[k] ?? []).map((kind) => {
      const o = equipmentMesh(kind);
      o.matrixAutoUpdate = false;
      o.visible = false;
      scene.add(o);
      return o;
    });
    const wear = wearables(look).map((o) => {
      o.matrixAutoUpdate = false;
      scene.add(o);
      return o;
    });
    people.push({ geo, pos, rest: shapedRest(rest, skinWeightsAll, look.girth), mesh, equipment, wear });
  }
  const gl = renderer.getContext();
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  return { webgl: String(dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) };
}

function frame(bones: (number[] | null)[], equipment: number[][][] = []): string {
  bones.forEach((b, i) => {
    const p = people[i]!;
    p.mesh.visible = b !== null;
    p.equipment.forEach((o, k) => {
      const m = equipment[i]?.[k];
      o.visible = b !== null && m !== undefined;
      if (m) o.matrix.set(m[0]!, m[1]!, m[2]!, m[9]!, m[3]!, m[4]!, m[5]!, m[10]!, m[6]!, m[7]!, m[8]!, m[11]!, 0, 0, 0, 1);
      o.matrixWorldNeedsUpdate = true;
    });
    for (const o of p.wear) {
      o.visible = b !== null;
      if (!b) continue;
      // The head bone's transform applied to geometry modelled around the rest head: x ↦ R (x − rest head) + head.
      const k = HEAD * 12, h = restHeads[HEAD]!;
      const r = b.slice(k, k + 9), t = [0, 1, 2].map((i) => b[k + 9 + i]! - (r[i * 3]! * h[0] + r[i * 3 + 1]! * h[1] + r[i * 3 + 2]! * h[2]));
      o.matrix.set(r[0]!, r[1]!, r[2]!, t[0]!, r[3]!, r[4]!, r[5]!, t[1]!, r[6]!, r[7]!, r[8]!, t[2]!, 0, 0, 0, 1);
      o.matrixWorldNeedsUpdate = true;
    }
    if (!b) return;
    skinFlat(p.rest, skinWeightsAll, restHeads, b, p.pos);
    p.geo.attributes['position']!.needsUpdate = true;
    p.geo.computeVertexNormals();
  });
  renderer.render(scene, camera);
  return renderer.domElement.toDataURL('image/jpeg', quality);
}

(window as unknown as { gymRender: unknown }).gymRender = { init, frame };
