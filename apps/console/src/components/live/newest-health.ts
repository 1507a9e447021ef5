import type { CameraHealth } from '@gym/shared';

/** The more recent of the live event and the last poll (both carry `since`). */
export function newestHealth(a: CameraHealth | undefined, b: CameraHealth | undefined): CameraHealth | null {
  if (!a || !b) return a ?? b ?? null;
  return a.since >= b.since ? a : b;
}
