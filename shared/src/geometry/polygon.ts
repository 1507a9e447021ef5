import type { Point2 } from './homography.ts';

/** Even-odd rule point-in-polygon (a point on an edge may fall either way). */
export function pointInPolygon(p: Point2, polygon: readonly Point2[]): boolean {
  const [x, y] = p;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
