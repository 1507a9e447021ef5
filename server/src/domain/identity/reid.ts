/**
 * Who is this new track? Decides whether a tracklet that just appeared continues a known person (global id) or
 * starts a new anonymous one. Evidence, strongest first:
 *  1. co-location: on a camera whose view overlaps another, the same floor spot at the same time (homography);
 *  2. re-acquisition: the same camera, a track lost seconds ago, similar appearance or the same spot;
 *  3. appearance across cameras: ONLY with a body model trusted for it (a learned ReID model such as OSNet) and a
 *     plausible transit time. Colour descriptors never merge people across cameras (see notes/identity.md).
 * Any person who is somewhere else at the same time (non-overlapping view) is never a candidate.
 * Face and check-in identify members; they are handled by face-match.ts and the service, not here.
 */
import { cosineSimilarity, type Vec } from './vectors.ts';
import type { Span, Topology } from './topology.ts';

export interface FloorSample {
  t: number;
  x: number;
  y: number;
}

export interface BodySignature {
  model: string;
  vector: Vec;
}

/** One of a person's tracklets, as the matcher sees it. */
export interface KnownTracklet {
  span: Span;
  /** Still being tracked right now. */
  live: boolean;
  body?: BodySignature | null;
  /** Recent floor positions (metres), for co-location on overlapping views. */
  floor?: readonly FloorSample[];
  /** Last foot point in image coordinates (0..1), for re-acquisition on the same camera. */
  lastFoot?: readonly [number, number] | null;
}

export interface KnownPerson {
  personId: string;
  tracklets: readonly KnownTracklet[];
}

export interface NewTracklet {
  span: Span;
  body?: BodySignature | null;
  floor?: readonly FloorSample[];
  firstFoot?: readonly [number, number] | null;
}

export interface ReidOptions {
  /** Body models whose embeddings may link people across cameras (learned ReID models only). */
  crossCameraModels: readonly string[];
  crossCameraThreshold: number;
  sameCameraThreshold: number;
  /** Same floor spot: median distance under this many metres. */
  colocationRadiusM: number;
  /** Simultaneous samples needed before trusting co-location. */
  minColocatedSamples: number;
  /** Two samples are simultaneous within this many ms. */
  pairWindowMs: number;
  /** Foot-point distance (normalised image units) that counts as the same spot after a brief loss. */
  reacquireFootDistance: number;
  /** Winner must beat the runner-up by this much similarity. */
  margin: number;
}

export const DEFAULT_REID: ReidOptions = {
  crossCameraModels: ['osnet_x0_25', 'osnet_x1_0', 'osnet_ain_x1_0'],
  crossCameraThreshold: 0.7,
  sameCameraThreshold: 0.8,
  colocationRadiusM: 0.8,
  minColocatedSamples: 3,
  pairWindowMs: 250,
  reacquireFootDistance: 0.08,
  margin: 0.05,
};

export type ReidDecision =
  | { kind: 'existing'; personId: string; via: 'colocation' | 'reacquire' | 'reid'; confidence: number }
  | { kind: 'wait'; reason: string }
  | { kind: 'new'; reason: string };

export function decideIdentity(t: NewTracklet, people: readonly KnownPerson[], topo: Topology, opts: ReidOptions = DEFAULT_REID): ReidDecision {
  const eligible = people.filter((p) => !p.tracklets.some((k) => topo.conflict(k.span, t.span)));

  // 1. Co-location on overlapping views.
  const coloc: { personId: string; d: number }[] = [];
  let pendingColoc = false;
  for (const p of eligible) {
    for (const k of p.tracklets) {
      if (!k.live || !topo.overlapping(k.span.cameraId, t.span.cameraId) || !k.floor?.length || !t.floor?.length) continue;
      const ds = pairedDistances(k.floor, t.floor, opts.pairWindowMs);
      if (ds.length === 0) continue;
      if (ds.length < opts.minColocatedSamples) {
        if (median(ds) <= opts.colocationRadiusM) pendingColoc = true;
        continue;
      }
      const d = median(ds);
      if (d <= opts.colocationRadiusM) coloc.push({ personId: p.personId, d });
    }
  }
  if (coloc.length) {
    coloc.sort((a, b) => a.d - b.d);
    const [best, second] = coloc;
    if (second && second.personId !== best!.personId && second.d - best!.d < opts.colocationRadiusM / 4) return { kind: 'wait', reason: 'two people on the same spot' };
    return { kind: 'existing', personId: best!.personId, via: 'colocation', confidence: Math.max(0.5, 1 - best!.d / opts.colocationRadiusM / 2) };
  }
  if (pendingColoc) return { kind: 'wait', reason: 'co-location needs more samples' };

  // 2. Re-acquisition on the same camera after a brief loss.
  const reacq: { personId: string; score: number }[] = [];
  for (const p of eligible) {
    const last = lastOn(p, t.span.cameraId);
    if (!last || last.live || !topo.transitPlausible(last.span, t.span)) continue;
    const sim = t.body && last.body && t.body.model === last.body.model ? cosineSimilarity(t.body.vector, last.body.vector) : null;
    const near = t.firstFoot && last.lastFoot ? Math.hypot(t.firstFoot[0] - last.lastFoot[0], t.firstFoot[1] - last.lastFoot[1]) <= opts.reacquireFootDistance : false;
    if (sim !== null && sim >= opts.sameCameraThreshold) reacq.push({ personId: p.personId, score: sim + (near ? 0.1 : 0) });
    else if (sim === null && near) reacq.push({ personId: p.personId, score: 0.75 });
  }
  const r = pickClear(reacq, opts.margin);
  if (r === 'ambiguous') return { kind: 'new', reason: 'ambiguous re-acquisition' };
  if (r) return { kind: 'existing', personId: r.personId, via: 'reacquire', confidence: Math.min(1, r.score) };

  // 3. Learned body appearance across cameras, within a plausible walk.
  if (t.body && opts.crossCameraModels.includes(t.body.model)) {
    const xs: { personId: string; score: number }[] = [];
    for (const p of eligible) {
      const last = latest(p);
      if (!last || last.span.cameraId === t.span.cameraId || !topo.transitPlausible(last.span, t.span)) continue;
      let best = -1;
      for (const k of p.tracklets) if (k.body && k.body.model === t.body.model) best = Math.max(best, cosineSimilarity(k.body.vector, t.body.vector));
      if (best >= opts.crossCameraThreshold) xs.push({ personId: p.personId, score: best });
    }
    const x = pickClear(xs, opts.margin);
    if (x && x !== 'ambiguous') return { kind: 'existing', personId: x.personId, via: 'reid', confidence: x.score };
  }
  return { kind: 'new', reason: 'no evidence for a known person' };
}

function pairedDistances(a: readonly FloorSample[], b: readonly FloorSample[], windowMs: number): number[] {
  const out: number[] = [];
  for (const s of b) {
    let best: FloorSample | undefined;
    for (const r of a) if (Math.abs(r.t - s.t) <= windowMs && (!best || Math.abs(r.t - s.t) < Math.abs(best.t - s.t))) best = r;
    if (best) out.push(Math.hypot(best.x - s.x, best.y - s.y));
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function lastOn(p: KnownPerson, cameraId: string): KnownTracklet | undefined {
  let out: KnownTracklet | undefined;
  for (const k of p.tracklets) if (k.span.cameraId === cameraId && (!out || k.span.endMs > out.span.endMs)) out = k;
  return out;
}

function latest(p: KnownPerson): KnownTracklet | undefined {
  let out: KnownTracklet | undefined;
  for (const k of p.tracklets) if (!out || k.span.endMs > out.span.endMs) out = k;
  return out;
}

function pickClear<T extends { personId: string; score: number }>(xs: T[], margin: number): T | 'ambiguous' | null {
  if (!xs.length) return null;
  const best = new Map<string, T>();
  for (const x of xs) if (!best.has(x.personId) || best.get(x.personId)!.score < x.score) best.set(x.personId, x);
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  if (ranked[1] && ranked[0]!.score - ranked[1].score < margin) return 'ambiguous';
  return ranked[0]!;
}
