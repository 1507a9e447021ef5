import type { z } from 'zod';
import { ValidationError } from './errors.ts';

/** `cameras[1].rtspUrl` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

export function issuesOf(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: formatPath(i.path), message: i.message }));
}

/** Parse or throw a ValidationError naming the first bad field (all issues attached). */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what = ''): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = issuesOf(r.error).map((i) => ({ ...i, field: what ? (i.field === '(root)' ? what : `${what}.${i.field}`) : i.field }));
  const first = issues[0]!;
  throw new ValidationError(first.field, first.message, issues);
}
