/** Vector helpers for embeddings (plain arrays or Float32Array). */
export type Vec = ArrayLike<number>;

export function cosineSimilarity(a: Vec, b: Vec): number {
  if (a.length !== b.length) return -1;
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Unit-length mean of several embeddings of one thing (e.g. a tracklet's body embeddings). */
export function meanUnit(vs: readonly Vec[]): Float32Array | null {
  const first = vs[0];
  if (!first) return null;
  const out = new Float32Array(first.length);
  for (const v of vs) {
    if (v.length !== out.length) continue;
    let n = 0;
    for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
    const k = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let i = 0; i < out.length; i++) out[i]! += v[i]! * k;
  }
  let n = 0;
  for (let i = 0; i < out.length; i++) n += out[i]! * out[i]!;
  const k = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < out.length; i++) out[i]! *= k;
  return out;
}
