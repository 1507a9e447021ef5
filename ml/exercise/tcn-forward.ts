/**
 * The exercise TCN's forward pass in plain TypeScript, synchronous, from the weights export-weights.py takes out
 * of the ONNX file (batch-norm folded): stem conv → residual blocks (conv, ReLU, conv, add, ReLU) → mean over
 * time → linear. ≈ 3.4 M multiply-adds a window, no onnxruntime, so the exercise engine (pure, synchronous) can
 * call it where it runs: Node, a worker page, a test. tcn-forward.test.ts checks it against PyTorch's fixture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Conv { cout: number; cin: number; k: number; dilation: number; pad: number; w: Float32Array; b: Float32Array }
interface WeightsFile {
  format: string;
  convs: { shape: [number, number, number]; dilation: number; pad: number; w: string; b: string }[];
  head: { shape: [number, number]; w: string; b: string };
}

const f32 = (b64: string): Float32Array => {
  const buf = Buffer.from(b64, 'base64');
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};

/** out[co][t] = b[co] + Σ w[co][ci][j] · x[ci][t + j·d − pad] (zero padding); length stays T. */
function conv1d(c: Conv, x: Float32Array, T: number): Float32Array {
  const y = new Float32Array(c.cout * T);
  for (let co = 0; co < c.cout; co++) {
    const yo = co * T;
    y.fill(c.b[co]!, yo, yo + T);
    for (let ci = 0; ci < c.cin; ci++) {
      const xo = ci * T, wo = (co * c.cin + ci) * c.k;
      for (let j = 0; j < c.k; j++) {
        const wv = c.w[wo + j]!;
        if (wv === 0) continue;
        const shift = j * c.dilation - c.pad;
        const t0 = Math.max(0, -shift), t1 = Math.min(T, T - shift);
        for (let t = t0; t < t1; t++) y[yo + t]! += wv * x[xo + t + shift]!;
      }
    }
  }
  return y;
}

const relu = (a: Float32Array): Float32Array => { for (let i = 0; i < a.length; i++) if (a[i]! < 0) a[i] = 0; return a; };

export class TcnForward {
  private constructor(
    private readonly convs: Conv[],
    private readonly head: { k: number; c: number; w: Float32Array; b: Float32Array },
    /** Input channels (33 landmarks × 3). */
    readonly channels: number,
  ) {}

  /** From a model folder (exercise-tcn.weights.json). */
  static load(dir: string): TcnForward {
    const j = JSON.parse(readFileSync(join(dir, 'exercise-tcn.weights.json'), 'utf8')) as WeightsFile;
    if (j.format !== 'gym.ml.tcn-weights/1') throw new Error(`${dir}: weights format ${j.format}, want gym.ml.tcn-weights/1`);
    const convs = j.convs.map((c) => ({ cout: c.shape[0], cin: c.shape[1], k: c.shape[2], dilation: c.dilation, pad: c.pad, w: f32(c.w), b: f32(c.b) }));
    return new TcnForward(convs, { k: j.head.shape[0], c: j.head.shape[1], w: f32(j.head.w), b: f32(j.head.b) }, convs[0]!.cin);
  }

  /** Logits of one window (channels × T, channel-major, as windows.ts makes it). */
  logits(window: Float32Array, T = window.length / this.channels): Float32Array {
    let h = relu(conv1d(this.convs[0]!, window, T));
    for (let i = 1; i + 1 < this.convs.length; i += 2) {
      const y = conv1d(this.convs[i + 1]!, relu(conv1d(this.convs[i]!, h, T)), T);
      for (let q = 0; q < y.length; q++) y[q]! += h[q]!;
      h = relu(y);
    }
    const { k, c, w, b } = this.head;
    const out = new Float32Array(k);
    for (let o = 0; o < k; o++) {
      let s = 0;
      for (let ci = 0; ci < c; ci++) {
        let m = 0;
        for (let t = 0; t < T; t++) m += h[ci * T + t]!;
        s += w[o * c + ci]! * (m / T);
      }
      out[o] = s + b[o]!;
    }
    return out;
  }
}
