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
 * The window is a ring in one preallocated buffer (a push allocates nothing: it ran on every body embedding and its
 * 4 KB array a push was the largest single cost of ingest's per-frame work). A vector of another length than the
 * first starts the window over.
 */
export class RollingMean {
  /** `size` unit vectors of `dim` values, slot after slot; `head` is the slot the next push overwrites. */
  private ring: Float64Array | null = null;
  private sum: Float64Array | null = null;
  private dim = 0;
  private head = 0;
  private filled = 0;

  constructor(readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`RollingMean size must be a positive integer, got ${size}`);
  }

  get count(): number {
    return this.filled;
  }

  clear(): void {
    this.filled = 0;
    this.head = 0;
    this.sum?.fill(0);
  }

  push(v: Vec): void {
    const dim = v.length;
    if (dim !== this.dim || !this.ring || !this.sum) {
      this.dim = dim;
      this.ring = new Float64Array(this.size * dim);
      this.sum = new Float64Array(dim);
      this.head = 0;
      this.filled = 0;
    }
    const ring = this.ring;
    const sum = this.sum;
    let n = 0;
    for (let i = 0; i < dim; i++) n += v[i]! * v[i]!;
    const k = n > 0 ? 1 / Math.sqrt(n) : 0;
    const at = this.head * dim;
    if (this.filled === this.size) {
      // The slot holds the oldest vector: it leaves the sum as the new one enters.
      for (let i = 0; i < dim; i++) {
        const u = v[i]! * k;
        sum[i]! += u - ring[at + i]!;
        ring[at + i] = u;
      }
    } else {
      for (let i = 0; i < dim; i++) sum[i]! += ring[at + i] = v[i]! * k;
      this.filled++;
    }
    this.head = (this.head + 1) % this.size;
  }

  /** The unit-length mean, or null when empty. */
  mean(): Float32Array | null {
    const sum = this.sum;
    if (!sum || !this.filled) return null;
    let n = 0;
    for (let i = 0; i < sum.length; i++) n += sum[i]! * sum[i]!;
    const k = n > 0 ? 1 / Math.sqrt(n) : 0;
    const out = new Float32Array(sum.length);
    for (let i = 0; i < sum.length; i++) out[i] = sum[i]! * k;
    return out;
  }
}
