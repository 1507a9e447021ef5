import { z } from 'zod';
import { LANDMARK_COUNT } from '../landmarks.ts';
import { Text } from '../text.ts';

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'only letters, digits and _ . : -');
export const Unit = z.number().finite();
/** Timestamp in milliseconds since the Unix epoch. */
export const EpochMs = z.number().finite().nonnegative();

/**
 * A float vector on the wire: a plain number array (JSON) or packed little-endian float32 bytes (socket.io binary:
 * Buffer / Uint8Array / ArrayBuffer / Float32Array). Always parsed to a Float32Array.
 */
export function floatVector(opts: { length?: number; min?: number; max?: number }) {
  const { length, min = 1, max = 4096 } = opts;
  return z
    .union([
      z.array(z.number().finite()).min(min).max(max),
      z.instanceof(Float32Array),
      z.instanceof(Uint8Array),
      z.instanceof(ArrayBuffer),
    ])
    .transform((v, ctx) => {
      let out: Float32Array;
      if (Array.isArray(v)) out = Float32Array.from(v);
      else if (v instanceof Float32Array) out = v;
      else {
        const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : v;
        if (bytes.byteLength % 4 !== 0) {
          ctx.addIssue({ code: 'custom', message: `binary vector of ${bytes.byteLength} bytes is not float32` });
          return z.NEVER;
        }
        out = new Float32Array(bytes.byteLength / 4);
        new Uint8Array(out.buffer).set(bytes);
      }
      if (length !== undefined && out.length !== length) {
        ctx.addIssue({ code: 'custom', message: `expected ${length} values, got ${out.length}` });
        return z.NEVER;
      }
      if (out.length < min || out.length > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${min}..${max} values, got ${out.length}` });
        return z.NEVER;
      }
      for (const x of out) {
        if (!Number.isFinite(x)) {
          ctx.addIssue({ code: 'custom', message: 'vector holds a non-finite value' });
          return z.NEVER;
        }
      }
      return out;
    });
}

/** 33 landmarks × [x, y, z, visibility], as nested arrays or 132 packed float32. */
export const SkeletonWire = z.union([
  z.array(z.tuple([Unit, Unit, Unit, z.number().min(0).max(1)])).length(LANDMARK_COUNT),
  floatVector({ length: LANDMARK_COUNT * 4 }),
]);

/** Box normalised to the frame: x, y of the top-left corner, width, height, all 0..1. */
export const Box = z
  .object({ x: z.number().min(-0.5).max(1.5), y: z.number().min(-0.5).max(1.5), w: z.number().positive().max(2), h: z.number().positive().max(2) })
  .strict();
export type Box = z.infer<typeof Box>;

export const Embedding = z.object({
  /** Model name from the model manifest, e.g. `osnet_x0_25` or `appearance-stripes-v1`. */
  model: Text().min(1).max(64),
  vector: floatVector({ min: 8, max: 2048 }),
});
export type Embedding = z.infer<typeof Embedding>;
