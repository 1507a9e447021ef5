/**
 * Seeded looks: `randomLook(seed)` draws a whole look (skin, hair colour and style, headwear, top with sleeves,
 * pattern and logo, bottoms, shoes, height, girth) from a small seeded generator, so a scene that says
 * `"look": { "seed": 17 }` renders the same person every time, and seeds 1…N give N distinct people. Fields given
 * beside the seed override the drawn ones (`{ "seed": 17, "top": "#ff0000" }`). Pure, no I/O.
 */

import { hsv, mulberry32, pick, uni, type Rand } from './draw.ts';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Clothing as people wear it: many blacks, greys, whites and navies, then any hue. */
function clothing(r: Rand): string {
  const u = r();
  if (u < 0.2) return hsv(0, 0, uni(r, 0.06, 0.2));
  if (u < 0.32) return hsv(0, 0, uni(r, 0.35, 0.7));
  if (u < 0.42) return hsv(uni(r, 30, 60), uni(r, 0, 0.1), uni(r, 0.85, 1));
  if (u < 0.52) return hsv(uni(r, 210, 235), uni(r, 0.5, 0.9), uni(r, 0.2, 0.45));
  return hsv(uni(r, 0, 360), uni(r, 0.4, 1), uni(r, 0.35, 1));
}

export const SKINS = ['#f1d3bd', '#e8b996', '#d49a75', '#c68e6e', '#a86f4c', '#8d5a3b', '#6b4229', '#4d2e1c'] as const;
const HAIRS = ['#0f0c0a', '#2b1d14', '#4a3020', '#6e4a2a', '#a67b4b', '#d6b98a', '#8a8a8a', '#c9c2b8', '#7a2f1c'] as const;
const LOGOS = ['GYM', 'FIT', 'RUN', '23', '7', 'A', 'X', 'NYC', '10', 'K'] as const;

/** A complete look (the scene schema's Look fields) drawn from `seed`. */
export function randomLook(seed: number) {
  const r = mulberry32(seed * 2654435761 + 12345);
  const top = clothing(r);
  let top2 = clothing(r);
  if (top2 === top) top2 = hsv(uni(r, 0, 360), 0.8, 0.9);
  const pattern = pick(r, ['plain', 'plain', 'plain', 'hoops', 'stripes', 'band', 'raglan'] as const);
  const headwear = pick(r, ['none', 'none', 'none', 'none', 'cap', 'beanie'] as const);
  const logo = r() < 0.3 ? { text: pick(r, LOGOS), colour: clothing(r) } : undefined;
  return {
    height: round(uni(r, 1.56, 1.95)),
    girth: round(uni(r, 0.86, 1.28)),
    skin: pick(r, SKINS),
    hair: pick(r, HAIRS),
    hairStyle: pick(r, ['short', 'short', 'long', 'bun', 'bald'] as const),
    headwear,
    headwearColour: clothing(r),
    top,
    top2,
    pattern,
    sleeves: pick(r, ['none', 'short', 'short', 'long'] as const),
    bottom: clothing(r),
    legs: pick(r, ['shorts', 'long', 'long'] as const),
    shoes: pick(r, ['#eeeeee', '#222222', '#8a8f98', '#c0392b', '#2e86c1'] as const),
    ...(logo ? { logo } : {}),
  };
}
