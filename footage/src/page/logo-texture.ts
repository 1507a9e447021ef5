/**
 * A chest logo as a canvas texture on the mesh's own UVs: a transparent canvas with the logo's characters drawn
 * where the chest front lies in UV space, laid over the vertex colours by its alpha (`withLogo` patches the
 * material's shader: three.js would multiply them). `frame` maps metres on the chest (x the person's left, y up, from the chest point) to UV (Node measures it
 * on the mesh, mesh/logo-frame.ts).
 */
import * as THREE from 'three';

export interface LogoFrame { u0: number; v0: number; dudx: number; dvdx: number; dudy: number; dvdy: number }

const SIZE = 1024;

export function logoTexture(logo: { text: string; colour: string }, f: LogoFrame, outline: string): THREE.CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = SIZE;
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, SIZE, SIZE);
  // Canvas y runs down and three.js flips textures (v = 0 at the bottom): pixel = (u·S, (1 − v)·S).
  ctx.setTransform(f.dudx * SIZE, -f.dvdx * SIZE, f.dudy * SIZE, -f.dvdy * SIZE, f.u0 * SIZE, (1 - f.v0) * SIZE);
  // Now in metres on the chest, y up: flip y for text, which draws downwards.
  ctx.scale(1, -1);
  ctx.fillStyle = logo.colour;
  ctx.strokeStyle = outline;
  ctx.lineWidth = 0.006;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = `bold ${logo.text.length > 2 ? 0.065 : 0.09}px sans-serif`;
  ctx.strokeText(logo.text, 0, 0);
  ctx.fillText(logo.text, 0, 0);
  // No colour space: texel values are used as they are, as the vertex colours are.
  const t = new THREE.CanvasTexture(canvas);
  t.anisotropy = 4;
  return t;
}

/** The material shows `map` over its vertex colours by the map's alpha (instead of multiplying them). */
export function withLogo(m: THREE.MeshLambertMaterial, map: THREE.Texture): THREE.MeshLambertMaterial {
  m.map = map;
  m.onBeforeCompile = (shader) => {
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <map_fragment>', '')
      .replace('#include <color_fragment>', '#include <color_fragment>\nvec4 logoTexel = texture2D( map, vMapUv );\ndiffuseColor.rgb = mix( diffuseColor.rgb, logoTexel.rgb, logoTexel.a );');
  };
  return m;
}
