/**
 * The page headless Chromium runs to photograph rendered people for re-identification: one person at the origin,
 * a camera, light, room colours and clutter set per shot; the person's box is the projection of the skinned mesh,
 * moved like a detector's box, and stretched to a 128×256 crop (as the worker's body embedder crops), with the
 * camera's picture settings (brightness, contrast, saturation, colour cast, blur, JPEG quality) applied.
 */
import * as THREE from 'three';
import { BONES, REST_JOINTS } from '../rig/skeleton.ts';
import { vertexColours } from '../page/looks.ts';
import { skinFlat, type SkinWeights } from '../rig/pose.ts';
import type { IdentityLook, Shot } from './identity-spec.ts';

const CROP_W = 128, CROP_H = 256;
const restHeads = BONES.map((b) => REST_JOINTS[b.from]);
let renderer: THREE.WebGLRenderer, scene: THREE.Scene, camera: THREE.PerspectiveCamera;
let rest: Float32Array, weights: SkinWeights, dominant: Uint8Array;
let geo: THREE.BufferGeometry, pos: Float32Array;
let hemi: THREE.HemisphereLight, sun: THREE.DirectionalLight;
let floorMat: THREE.MeshLambertMaterial, wallMat: THREE.MeshLambertMaterial;
const clutter: THREE.Mesh[] = [];
let crop: CanvasRenderingContext2D;
let W = 640, H = 480;

async function bin(path: string): Promise<ArrayBuffer> {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.arrayBuffer();
}

async function init(a: { width: number; height: number }): Promise<{ webgl: string }> {
  W = a.width;
  H = a.height;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  document.body.appendChild(canvas);
  renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(W, H, false);
  renderer.setPixelRatio(1);
  scene = new THREE.Scene();
  camera = new THREE.PerspectiveCamera(55, W / H, 0.05, 80);
  hemi = new THREE.HemisphereLight(0xffffff, 0x4a4036, 1.6);
  sun = new THREE.DirectionalLight(0xfff4e6, 1.4);
  scene.add(hemi, sun);
  floorMat = new THREE.MeshLambertMaterial({ color: '#6b6259' });
  const floor = new THREE.Mesh(new THREE.PlaneGeometry(40, 40), floorMat);
  floor.rotation.x = -Math.PI / 2;
  scene.add(floor);
  wallMat = new THREE.MeshLambertMaterial({ color: '#c9c4bb', side: THREE.BackSide });
  const walls = new THREE.Mesh(new THREE.BoxGeometry(30, 6, 30), wallMat);
  walls.position.y = 3;
  scene.add(walls);
  for (let i = 0; i < 6; i++) {
    const m = new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshLambertMaterial({ color: '#777777' }));
    m.visible = false;
    scene.add(m);
    clutter.push(m);
  }
  rest = new Float32Array(await bin('/mesh/positions'));
  const tris = new Uint32Array(await bin('/mesh/triangles'));
  weights = { bones: new Uint8Array(await bin('/mesh/bones')), weights: new Float32Array(await bin('/mesh/weights')) };
  dominant = new Uint8Array(await bin('/mesh/dominant'));
  geo = new THREE.BufferGeometry();
  pos = new Float32Array(rest.length);
  geo.setAttribute('position', new THREE.BufferAttribute(pos, 3).setUsage(THREE.DynamicDrawUsage));
  geo.setAttribute('color', new THREE.BufferAttribute(new Float32Array(rest.length), 3));
  geo.setIndex(new THREE.BufferAttribute(tris, 1));
  const mesh = new THREE.Mesh(geo, new THREE.MeshLambertMaterial({ vertexColors: true }));
  mesh.frustumCulled = false;
  scene.add(mesh);
  const c = document.createElement('canvas');
  c.width = CROP_W;
  c.height = CROP_H;
  crop = c.getContext('2d')!;
  const gl = renderer.getContext();
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  return { webgl: String(dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) };
}

/** Vertex colours of a look, with the top's pattern and a cap laid over the base colours. */
function setLook(look: IdentityLook): void {
  const base = vertexColours(rest, dominant, look);
  const altTop = vertexColours(rest, dominant, { ...look, top: look.top2 });
  const altHair = vertexColours(rest, dominant, { ...look, hair: look.capColour });
  const out = geo.attributes['color']!.array as Float32Array;
  const n = rest.length / 3;
  const differs = (a: Float32Array, v: number) => a[v * 3] !== base[v * 3] || a[v * 3 + 1] !== base[v * 3 + 1] || a[v * 3 + 2] !== base[v * 3 + 2];
  for (let v = 0; v < n; v++) {
    const x = rest[v * 3]!, y = rest[v * 3 + 1]!, z = rest[v * 3 + 2]!;
    let src = base;
    if (differs(altTop, v)) {
      const alt =
        look.topPattern === 'stripes' ? Math.floor(y * 14) % 2 === 0
        : look.topPattern === 'two-tone' ? y > 1.25
        : look.topPattern === 'chest-logo' ? z > 0.02 && y > 1.2 && y < 1.36 && Math.abs(x) < 0.09
        : false;
      if (alt) src = altTop;
    } else if (look.cap && differs(altHair, v) && y > 1.56) src = altHair; // a cap over the hair's crown
    for (let k = 0; k < 3; k++) out[v * 3 + k] = src[v * 3 + k]!;
  }
  geo.attributes['color']!.needsUpdate = true;
}

function lerpColour(a: THREE.Color, b: THREE.Color, t: number): THREE.Color {
  return a.clone().lerp(b, t);
}

/** Draws one shot; returns the 128×256 JPEG crop and the person's box in the frame (px, before jitter). */
function shot(a: { bones: number[]; shot: Shot; height: number; build: number }): { jpeg: string; box: [number, number, number, number] } {
  const s = a.shot;
  skinFlat(rest, weights, restHeads, a.bones, pos);
  for (let v = 0; v < pos.length; v += 3) {
    pos[v] = pos[v]! * a.build;
    pos[v + 2] = pos[v + 2]! * a.build;
  }
  geo.attributes['position']!.needsUpdate = true;
  geo.computeVertexNormals();
  const dir = s.yaw + s.azimuth;
  camera.fov = s.fovDeg;
  camera.position.set(Math.sin(dir) * s.distance, s.camHeight, Math.cos(dir) * s.distance);
  const side = new THREE.Vector3(Math.cos(dir), 0, -Math.sin(dir)).multiplyScalar(s.aimSide);
  camera.lookAt(new THREE.Vector3(side.x, a.height * s.aimHeight, side.z));
  camera.updateProjectionMatrix();
  camera.updateMatrixWorld();
  const warm = new THREE.Color(0xffd6a8), cold = new THREE.Color(0xcfe0ff), white = new THREE.Color(0xffffff);
  const tone = s.light.warmth >= 0 ? lerpColour(white, warm, s.light.warmth) : lerpColour(white, cold, -s.light.warmth);
  hemi.intensity = 1.1 * s.light.level * s.light.hemi;
  hemi.color = tone;
  sun.intensity = 1.4 * s.light.level;
  sun.color = tone;
  sun.position.set(...s.light.sun);
  floorMat.color.set(s.room.floor);
  wallMat.color.set(s.room.walls);
  scene.background = new THREE.Color(s.room.walls);
  clutter.forEach((m, i) => {
    const c = s.room.clutter[i];
    m.visible = !!c;
    if (!c) return;
    // Clutter stands behind the person as the camera sees them (0.8–4 m further), so it is background, not an occluder.
    const back = 0.8 + Math.abs(c.z);
    m.position.set(-Math.sin(dir) * back + Math.cos(dir) * c.x, c.h / 2, -Math.cos(dir) * back - Math.sin(dir) * c.x);
    m.scale.set(c.w, c.h, c.d);
    (m.material as THREE.MeshLambertMaterial).color.set(c.colour);
  });
  renderer.render(scene, camera);
  const p = new THREE.Vector3();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let v = 0; v < pos.length; v += 3) {
    p.set(pos[v]!, pos[v + 1]!, pos[v + 2]!).project(camera);
    const x = ((p.x + 1) / 2) * W, y = ((1 - p.y) / 2) * H;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const bw = x1 - x0, bh = y1 - y0;
  const [jl, jt, jr, jb] = s.jitter;
  const bx0 = Math.max(0, x0 - jl * bw), by0 = Math.max(0, y0 - jt * bh);
  const bx1 = Math.min(W, x1 + jr * bw), by1 = Math.min(H, y1 + jb * bh);
  const q = s.picture;
  crop.filter = `brightness(${q.brightness}) contrast(${q.contrast}) saturate(${q.saturate}) hue-rotate(${q.hueDeg}deg)${q.blurPx > 0 ? ` blur(${q.blurPx}px)` : ''}`;
  crop.globalCompositeOperation = 'source-over';
  crop.drawImage(renderer.domElement, bx0, by0, Math.max(1, bx1 - bx0), Math.max(1, by1 - by0), 0, 0, CROP_W, CROP_H);
  crop.filter = 'none';
  const m = Math.max(...q.tint);
  crop.globalCompositeOperation = 'multiply';
  crop.fillStyle = `rgb(${q.tint.map((t) => Math.round((255 * t) / m)).join(',')})`;
  crop.fillRect(0, 0, CROP_W, CROP_H);
  crop.globalCompositeOperation = 'source-over';
  return { jpeg: crop.canvas.toDataURL('image/jpeg', q.quality), box: [x0, y0, bw, bh] };
}

(window as unknown as { gymIdentities: unknown }).gymIdentities = { init, setLook, shot };
