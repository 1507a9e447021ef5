/**
 * What a rendered identity looks like and how each view of it is shot: pure, seeded sampling (no I/O). A person is
 * a look (skin, hair, clothing colours and patterns, height, build); a view is a pose (walking, standing, talking or
 * a frame of an exercise), a camera (azimuth around the person, distance, height, lens) and the conditions of that
 * camera (light level, direction and colour, the picture's brightness/contrast/saturation/colour cast, blur, JPEG
 * quality, wall and floor colours, clutter behind the person, a detector-like jitter of the box). Every view draws
 * its own camera, so the network can only match people by what stays with the person.
 */
import type { LookColours } from '../page/looks.ts';
import { FREE_STANDING_EXERCISES, type ExerciseName } from '../motion/exercises.ts';
import { hsv, mulberry32, pick, uni, type Rand } from '../variety/draw.ts';

/** Clothing colours as people wear them: many blacks, greys, whites and navies, then any hue. */
function clothing(r: Rand): string {
  const u = r();
  if (u < 0.22) return hsv(0, 0, uni(r, 0.05, 0.2)); // black / charcoal
  if (u < 0.34) return hsv(0, 0, uni(r, 0.35, 0.7)); // grey
  if (u < 0.44) return hsv(uni(r, 30, 60), uni(r, 0, 0.1), uni(r, 0.85, 1)); // white / off-white
  if (u < 0.54) return hsv(uni(r, 210, 235), uni(r, 0.5, 0.9), uni(r, 0.2, 0.45)); // navy
  return hsv(uni(r, 0, 360), uni(r, 0.35, 1), uni(r, 0.3, 1));
}

const SKINS = ['#f1d3bd', '#e8b996', '#d49a75', '#c68e6e', '#a86f4c', '#8d5a3b', '#6b4229', '#4d2e1c'];
const HAIRS = ['#0f0c0a', '#2b1d14', '#4a3020', '#6e4a2a', '#a67b4b', '#d6b98a', '#8a8a8a', '#c9c2b8', '#7a2f1c'];

export type Pattern = 'plain' | 'stripes' | 'two-tone' | 'chest-logo';

export interface IdentityLook extends LookColours {
  height: number;
  /** Horizontal scale of the body about its vertical axis (slim 0.86 … broad 1.2). */
  build: number;
  /** A second colour for the top and the pattern that places it. */
  topPattern: Pattern;
  top2: string;
  /** Hair volume as a cap above the head (0 none … 1 full), and a cap/hat colour when `cap`. */
  cap: boolean;
  capColour: string;
}

export function sampleLook(r: Rand): IdentityLook {
  const top = clothing(r);
  const sleeves = pick(r, ['none', 'short', 'short', 'long', 'long'] as const);
  const legs = r() < 0.6 ? 'long' : 'shorts';
  return {
    height: uni(r, 1.52, 1.95),
    build: uni(r, 0.86, 1.2),
    skin: pick(r, SKINS),
    hair: pick(r, HAIRS),
    top,
    top2: r() < 0.5 ? clothing(r) : hsv(0, 0, r() < 0.5 ? 0.95 : 0.08),
    topPattern: pick(r, ['plain', 'plain', 'plain', 'stripes', 'two-tone', 'chest-logo'] as const),
    sleeves,
    bottom: legs === 'long' && r() < 0.35 ? hsv(uni(r, 205, 225), uni(r, 0.35, 0.7), uni(r, 0.25, 0.6)) : clothing(r), // jeans are common
    legs,
    shoes: r() < 0.5 ? hsv(0, 0, r() < 0.5 ? 0.95 : 0.1) : clothing(r),
    cap: r() < 0.15,
    capColour: clothing(r),
  };
}

export type ShotPose = { kind: 'walking'; phase: number } | { kind: 'standing' | 'talking'; t: number } | { kind: 'exercise'; exercise: ExerciseName; depth: number };

export interface Shot {
  pose: ShotPose;
  /** The person's facing, radians (they stand at the origin). */
  yaw: number;
  /** Camera azimuth relative to the facing (radians, 0 = in front), distance (m), height (m), vertical fov (deg). */
  azimuth: number;
  distance: number;
  camHeight: number;
  fovDeg: number;
  /** Where the camera aims, as a share of the person's height, and a sideways offset of the aim (m). */
  aimHeight: number;
  aimSide: number;
  light: { level: number; sun: [number, number, number]; warmth: number; hemi: number };
  picture: { brightness: number; contrast: number; saturate: number; hueDeg: number; blurPx: number; quality: number; tint: [number, number, number] };
  room: { floor: string; walls: string; clutter: { x: number; z: number; w: number; h: number; d: number; colour: string }[] };
  /** Box edges moved by these shares of the box (left, top, right, bottom), as a detector's box would be. */
  jitter: [number, number, number, number];
}

// Poses that look right without equipment (a pull-up without its bar would hang in the air).
const STANDING_EXERCISES: readonly ExerciseName[] = FREE_STANDING_EXERCISES;

export function sampleShot(r: Rand): Shot {
  const u = r();
  const pose: ShotPose =
    u < 0.5 ? { kind: 'walking', phase: r() } : u < 0.7 ? { kind: r() < 0.5 ? 'standing' : 'talking', t: uni(r, 0, 60) } : { kind: 'exercise', exercise: pick(r, STANDING_EXERCISES), depth: r() };
  const dist = uni(r, 2.5, 11);
  const warm = uni(r, -1, 1);
  const grey = (lo: number, hi: number) => hsv(uni(r, 20, 50), uni(r, 0, 0.15), uni(r, lo, hi));
  const clutter = Array.from({ length: Math.floor(uni(r, 0, 5)) }, () => ({
    x: uni(r, -3, 3), z: uni(r, 0, 3.2), w: uni(r, 0.2, 1.5), h: uni(r, 0.2, 2.2), d: uni(r, 0.2, 1.2), colour: r() < 0.5 ? grey(0.1, 0.8) : clothing(r),
  }));
  return {
    pose,
    yaw: uni(r, -Math.PI, Math.PI),
    azimuth: uni(r, -Math.PI, Math.PI),
    distance: dist,
    camHeight: uni(r, 1.2, Math.min(4.2, 1.2 + dist * 0.6)),
    fovDeg: uni(r, 45, 75),
    aimHeight: uni(r, 0.4, 0.65),
    aimSide: uni(r, -0.25, 0.25) * dist * 0.3,
    light: { level: uni(r, 0.45, 1.6), sun: [uni(r, -6, 6), uni(r, 2, 8), uni(r, -6, 6)], warmth: warm, hemi: uni(r, 0.6, 1.8) },
    picture: {
      brightness: uni(r, 0.7, 1.3), contrast: uni(r, 0.75, 1.25), saturate: uni(r, 0.55, 1.35), hueDeg: uni(r, -12, 12),
      blurPx: r() < 0.4 ? uni(r, 0, 1.2) : 0, quality: uni(r, 0.55, 0.95),
      tint: [1 + 0.12 * warm + uni(r, -0.05, 0.05), 1 + uni(r, -0.05, 0.05), 1 - 0.12 * warm + uni(r, -0.05, 0.05)],
    },
    room: { floor: grey(0.15, 0.6), walls: r() < 0.7 ? grey(0.3, 0.95) : clothing(r), clutter },
    jitter: [uni(r, -0.08, 0.1), uni(r, -0.06, 0.05), uni(r, -0.08, 0.1), uni(r, -0.05, 0.08)],
  };
}

/** Identity `id` of a set made with `seed`: its look, and its `views` shots. Independent of the other ids. */
export function identity(seed: number, id: number, views: number): { look: IdentityLook; shots: Shot[] } {
  const r = mulberry32((seed * 1_000_003 + id * 7919) ^ 0x5bd1e995);
  const look = sampleLook(r);
  return { look, shots: Array.from({ length: views }, () => sampleShot(r)) };
}
