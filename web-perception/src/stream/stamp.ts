/**
 * Reads the time code the simulated camera stamps into frames (capture-node/src/sim-camera/rtsp-camera.py):
 * three rows of 32 blocks of 16×16 px at the top-left, light = 1, MSB first. Row 0: wall-clock ms (low 32 bits),
 * row 1: its complement (validity), row 2: frame counter.
 */
export const STAMP_BLOCK = 16;
export const STAMP_BITS = 32;
export const STAMP_WIDTH = STAMP_BLOCK * STAMP_BITS;
export const STAMP_HEIGHT = STAMP_BLOCK * 3;

export interface Stamp {
  /** Wall clock at the camera, ms, low 32 bits. */
  ms: number;
  counter: number;
}

/** Decodes a stamp from RGBA pixels of the STAMP_WIDTH × STAMP_HEIGHT corner; null when there is none. */
export function decodeStamp(rgba: Uint8ClampedArray, stride = STAMP_WIDTH): Stamp | null {
  const words = [0, 0, 0];
  for (let row = 0; row < 3; row++) {
    let w = 0;
    for (let bit = 0; bit < STAMP_BITS; bit++) {
      const x = bit * STAMP_BLOCK + STAMP_BLOCK / 2;
      const y = row * STAMP_BLOCK + STAMP_BLOCK / 2;
      let sum = 0;
      for (const [dx, dy] of [[0, 0], [-3, -3], [3, 3], [-3, 3], [3, -3]] as const) sum += rgba[((y + dy) * stride + x + dx) * 4 + 1]!; // green ≈ luma
      w = (w << 1) | (sum / 5 > 128 ? 1 : 0);
    }
    words[row] = w >>> 0;
  }
  if (((words[0]! ^ words[1]!) >>> 0) !== 0xffffffff) return null;
  return { ms: words[0]!, counter: words[2]! };
}

/** Milliseconds from the stamp to `nowMs` (wall clock), using the low 32 bits on both sides; null if implausible. */
export function stampAgeMs(stamp: Stamp, nowMs: number): number | null {
  const d = ((nowMs % 2 ** 32) - stamp.ms + 2 ** 32) % 2 ** 32;
  return d < 60_000 ? d : null;
}
