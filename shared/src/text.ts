/**
 * Text and number schemas for values that reach the database: PostgreSQL text cannot hold U+0000, and a lone
 * UTF-16 surrogate would be silently replaced on the way in; a `real`/`vector` cannot hold a value beyond the
 * float32 range. Refused at the edge (400 naming the field) instead of failing in the write (500).
 */
import { z } from 'zod';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds U+0000 or a lone surrogate. */
export function isUnsafeText(s: string): boolean {
  return LONE_SURROGATE.test(s) || s.includes('\u0000');
}

/** A string PostgreSQL stores unchanged: no U+0000, no lone surrogate. Chain `.min()` / `.max()` / `.email()`. */
export const Text = () => z.string().refine((s) => !isUnsafeText(s), { message: 'must not contain U+0000 or a lone surrogate' });

/** A finite number that fits a float32 (embedding components). */
export const Float32 = z
  .number()
  .finite()
  .refine((x) => Number.isFinite(Math.fround(x)), { message: 'outside the float32 range' });
