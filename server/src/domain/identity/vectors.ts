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

/**
 * The unit-length mean of the last `size` embeddings, kept as a running sum of their unit vectors so that adding
 * one costs O(dim) instead of O(size × dim). Same result as `meanUnit` over the window (up to float rounding).
 * A vector of another length than the first starts the window over.
 */
export class RollingMean {
  private readonly window: Float64Array[] = [];
  private sum: Float64Array | null = null;

  constructor(readonly size: number) {}

  get count(): number {
    return this.window.length;
  }

  clear(): void {
    this.window.length = 0;
    this.sum = null;
  }

  push(v: Vec): void {
    if (this.sum && this.sum.length !== v.length) this.clear();
    const sum = (this.sum ??= new Float64Array(v.length));
    let n = 0;
    for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
    const k = n > 0 ? 1 / Math.sqrt(n) : 0;
    const u = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) sum[i]! += u[i] = v[i]! * k;
    this.window.push(u);
    if (this.window.length > this.size) {
      const old = this.window.shift()!;
      for (let i = 0; i < old.length; i++) sum[i]! -= old[i]!;
    }
  }

  /** The unit-length mean, or null when empty. */
  mean(): Float32Array | null {
    const sum = this.sum;
    if (!sum || !this.window.length) return null;
    let n = 0;
    for (let i = 0; i < sum.length; i++) n += sum[i]! * sum[i]!;
    const k = n > 0 ? 1 / Math.sqrt(n) : 0;
    const out = new Float32Array(sum.length);
    for (let i = 0; i < sum.length; i++) out[i] = sum[i]! * k;
    return out;
  }
}
