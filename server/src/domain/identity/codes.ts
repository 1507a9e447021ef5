/**
 * Binary codes of embeddings for fast approximate cosine search (random-hyperplane hashing, Charikar 2002).
 *
 * Bit i is the sign of the embedding's projection on a fixed random direction r_i, so the share of bits
 * in which two codes differ estimates the angle between the embeddings over π, whatever the model, its dimension
 * or whether its values are centred (colour histograms and ReLU features are all positive, where the sign of the
 * raw values would say little). pgvector indexes the codes (HNSW on Hamming distance: 64 bytes a row instead of
 * 2 KB) and the exact cosine ranks the candidates they return (embeddings.repository.ts).
 *
 * Stored codes depend on the directions: they come from a fixed seed and generator, and CODE_SCHEME names them.
 * Changing either needs a migration that clears `embeddings.code`; `npx gym migrate` then recomputes every code.
 */
import type { Vec } from './vectors.ts';

export const CODE_BITS = 512;
export const CODE_SCHEME = 'srht3-512-v1';

const SEED = 0x5eed_c0de;
const ROUNDS = 3;
const signsBySize = new Map<number, Int8Array>();

/** ROUNDS × n random ±1 from a fixed xorshift32 stream (per transform size n). */
function signsFor(n: number): Int8Array {
  let out = signsBySize.get(n);
  if (!out) {
    out = new Int8Array(ROUNDS * n);
    let s = (SEED ^ Math.imul(n, 0x9e3779b1)) >>> 0 || 1;
    for (let i = 0; i < out.length; i++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      out[i] = s & 1 ? 1 : -1;
    }
    signsBySize.set(n, out);
  }
  return out;
}

/** In-place unnormalised Walsh–Hadamard transform (n a power of two). */
function fwht(a: Float64Array): void {
  const n = a.length;
  for (let h = 1; h < n; h *= 2)
    for (let i = 0; i < n; i += 2 * h)
      for (let j = i; j < i + h; j++) {
        const x = a[j]!, y = a[j + h]!;
        a[j] = x + y;
        a[j + h] = x - y;
      }
}

/**
 * The code as pgvector's `bit(512)` text ('0'/'1' per bit). The random directions are the rows of a structured
 * random rotation, three rounds of random sign flips and a Walsh–Hadamard transform (≈ 20 µs instead of ≈ 1 ms
 * for a dense 512 × 512 Gaussian matrix, and orthogonal, so the angle estimate is, if anything, tighter); the
 * input is zero-padded to max(512, next power of two) and the first 512 outputs are kept. Non-finite values
 * count as 0.
 */
export function embeddingCode(v: Vec): string {
  const dim = v.length;
  if (!dim) throw new Error('empty embedding');
  let n = CODE_BITS;
  while (n < dim) n *= 2;
  const a = new Float64Array(n);
  for (let j = 0; j < dim; j++) a[j] = Number.isFinite(v[j]) ? v[j]! : 0;
  const signs = signsFor(n);
  for (let r = 0; r < ROUNDS; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) a[j]! *= signs[o + j]!;
    fwht(a);
  }
  let s = '';
  for (let i = 0; i < CODE_BITS; i++) s += a[i]! > 0 ? '1' : '0';
  return s;
}

/** Hamming distance of two codes (tests and diagnostics). */
export function codeDistance(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) n++;
  return n;
}
