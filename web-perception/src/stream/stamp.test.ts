import { describe, expect, it } from 'vitest';
import { decodeStamp, stampAgeMs, STAMP_BITS, STAMP_BLOCK, STAMP_HEIGHT, STAMP_WIDTH } from './stamp.ts';

/** Paints a stamp the way capture-node/src/sim-camera/rtsp-camera.py does (235 = 1, 16 = 0), plus noise. */
function paint(words: number[], noise = 20): Uint8ClampedArray {
  const px = new Uint8ClampedArray(STAMP_WIDTH * STAMP_HEIGHT * 4);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5) * 2 * noise;
  for (let y = 0; y < STAMP_HEIGHT; y++)
    for (let x = 0; x < STAMP_WIDTH; x++) {
      const bit = (words[Math.floor(y / STAMP_BLOCK)]! >>> (STAMP_BITS - 1 - Math.floor(x / STAMP_BLOCK))) & 1;
      const v = (bit ? 235 : 16) + rnd();
      px.set([v, v, v, 255], (y * STAMP_WIDTH + x) * 4);
    }
  return px;
}

describe('stamp', () => {
  it('reads the time code and frame counter back', () => {
    const ms = 1_795_622_000_123 % 2 ** 32;
    expect(decodeStamp(paint([ms, ~ms >>> 0, 4242]))).toEqual({ ms, counter: 4242 });
  });
  it('rejects frames without a valid code', () => {
    expect(decodeStamp(paint([5, 5, 1]))).toBeNull();
    expect(decodeStamp(new Uint8ClampedArray(STAMP_WIDTH * STAMP_HEIGHT * 4))).toBeNull();
  });
  it('measures age across the 32-bit wrap and refuses implausible ones', () => {
    expect(stampAgeMs({ ms: 2 ** 32 - 10, counter: 0 }, 2 ** 33 + 30)).toBe(40);
    expect(stampAgeMs({ ms: 1000, counter: 0 }, 500)).toBeNull();
  });
});
