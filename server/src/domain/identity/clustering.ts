/**
 * Tracklet clustering under constraints: greedy agglomeration over pairwise link scores (strongest first), never
 * joining two clusters whose presences conflict (the same person cannot be in two places at once). Used to
 * re-check the live assignments in batch (e.g. after a face identifies a member seen earlier as anonymous).
 */
import type { Span, Topology } from './topology.ts';

export interface ClusterNode {
  id: string;
  span: Span;
}

export interface LinkScore {
  a: string;
  b: string;
  /** Higher is stronger; edges under `minScore` are ignored. */
  score: number;
}

/** Returns cluster index per node id (clusters numbered by first appearance in `nodes`). */
export function clusterTracklets(nodes: readonly ClusterNode[], edges: readonly LinkScore[], topo: Topology, minScore = 0): Map<string, number> {
  const parent = new Map<string, string>();
  const members = new Map<string, ClusterNode[]>();
  for (const n of nodes) {
    parent.set(n.id, n.id);
    members.set(n.id, [n]);
  }
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const e of [...edges].sort((x, y) => y.score - x.score)) {
    if (e.score < minScore || !parent.has(e.a) || !parent.has(e.b)) continue;
    const ra = find(e.a), rb = find(e.b);
    if (ra === rb) continue;
    const A = members.get(ra)!, B = members.get(rb)!;
    if (A.some((x) => B.some((y) => topo.conflict(x.span, y.span)))) continue;
    parent.set(rb, ra);
    members.set(ra, A.concat(B));
    members.delete(rb);
  }
  const out = new Map<string, number>();
  const idx = new Map<string, number>();
  for (const n of nodes) {
    const r = find(n.id);
    if (!idx.has(r)) idx.set(r, idx.size);
    out.set(n.id, idx.get(r)!);
  }
  return out;
}

/** True when two groups of presences can be one person. */
export function compatible(a: readonly Span[], b: readonly Span[], topo: Topology): boolean {
  return !a.some((x) => b.some((y) => topo.conflict(x, y)));
}
