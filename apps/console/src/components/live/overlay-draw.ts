/** Draws one analysed frame over the video on a 2-D canvas: boxes, skeletons and labels, each layer optional. */
import type { OverlayFrame } from './overlay-frames.ts';

export interface OverlayLayers {
  boxes: boolean;
  skeletons: boolean;
  ids: boolean;
  names: boolean;
  exercise: boolean;
  warnings: boolean;
  /** The worker's pose attention per person: activity class and the pose rate it gets (issue 19). */
  attention: boolean;
}
export const ALL_LAYERS: OverlayLayers = { boxes: true, skeletons: true, ids: true, names: true, exercise: true, warnings: true, attention: true };

/** `exercising · pose 5.0/s`: what the attention layer writes for a person, or null when the worker sent none. */
export function attentionText(a: PersonSeenAttention | undefined): string | null {
  if (!a) return null;
  return `${a.activity} · pose ${a.poseFps.toFixed(1)}/s`;
}
type PersonSeenAttention = OverlayFrame['people'][number]['attention'];

export interface PersonLabel {
  name: string | null;
  exercise: string | null;
  reps: number | null;
  warning: string | null;
}

/** MediaPipe pose connections (33 landmarks): face outline left out, torso, arms, legs. */
export const BONES: readonly (readonly [number, number])[] = [
  [11, 12], [11, 23], [12, 24], [23, 24],
  [11, 13], [13, 15], [12, 14], [14, 16],
  [15, 17], [15, 19], [16, 18], [16, 20],
  [23, 25], [25, 27], [24, 26], [26, 28],
  [27, 29], [29, 31], [28, 30], [30, 32],
  [0, 11], [0, 12],
];
export const SKELETON_COLOR = '#ff2bd6';
const BOX_COLOR = '#2ee66b';
const MIN_VISIBILITY = 0.3;

/** Stable colour per person id, so one person keeps a colour across cameras. */
export function personHue(personId: string): number {
  let h = 0;
  for (const c of personId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 360;
}

export function drawOverlay(g: CanvasRenderingContext2D, w: number, h: number, frame: OverlayFrame | null, layers: OverlayLayers, labelOf: (personId: string) => PersonLabel) {
  g.clearRect(0, 0, w, h);
  if (!frame) return;
  const lw = Math.max(2, Math.round(w / 320));
  g.lineJoin = 'round';
  g.font = `${Math.max(12, Math.round(w / 55))}px system-ui, sans-serif`;
  for (const p of frame.people) {
    const bx = p.box.x * w;
    const by = p.box.y * h;
    if (layers.boxes) {
      g.strokeStyle = BOX_COLOR;
      g.lineWidth = lw;
      g.strokeRect(bx, by, p.box.w * w, p.box.h * h);
    }
    if (layers.skeletons && p.skeleton) {
      g.strokeStyle = SKELETON_COLOR;
      g.lineWidth = lw + 1;
      g.beginPath();
      for (const [a, b] of BONES) {
        const pa = p.skeleton[a]!;
        const pb = p.skeleton[b]!;
        if (pa[2] < MIN_VISIBILITY || pb[2] < MIN_VISIBILITY) continue;
        g.moveTo(pa[0] * w, pa[1] * h);
        g.lineTo(pb[0] * w, pb[1] * h);
      }
      g.stroke();
    }
    const label = labelOf(p.personId);
    const lines: { text: string; warn?: boolean; dim?: boolean }[] = [];
    const head = [layers.ids ? `#${p.personId.slice(0, 6)}` : null, layers.names ? (label.name ?? 'unknown') : null].filter(Boolean).join(' ');
    if (head) lines.push({ text: head });
    if (layers.exercise && label.exercise) lines.push({ text: `${label.exercise}${label.reps !== null ? ` · ${label.reps} reps` : ''}` });
    if (layers.warnings && label.warning) lines.push({ text: `⚠ ${label.warning}`, warn: true });
    const att = layers.attention ? attentionText(p.attention) : null;
    if (att) lines.push({ text: att, dim: true });
    const lh = Math.max(14, Math.round(w / 45));
    let y = Math.max(lh, by - lines.length * lh);
    for (const l of lines) {
      const tw = g.measureText(l.text).width + 8;
      g.fillStyle = l.warn ? 'rgba(200, 30, 30, 0.85)' : l.dim ? 'rgba(20, 20, 20, 0.7)' : `hsla(${personHue(p.personId)}, 70%, 25%, 0.8)`;
      g.fillRect(bx, y - lh + 3, tw, lh);
      g.fillStyle = '#fff';
      g.fillText(l.text, bx + 4, y - 2);
      y += lh;
    }
  }
}
