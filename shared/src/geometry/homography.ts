/**
 * Planar homographies: a camera's image → floor-plane mapping. Image points are normalised to the frame (0..1,
 * the same space as boxes and zone polygons); floor points are metres in the gym's floor plan.
 */
export type Point2 = readonly [number, number];
/** Row-major 3×3 matrix. */
export type Matrix3 = readonly number[];

/** Maps an image point through H; null when the point maps to infinity (on or behind the horizon). */
export function applyHomography(h: Matrix3, p: Point2): [number, number] | null {
  const [x, y] = p;
  const w = h[6]! * x + h[7]! * y + h[8]!;
  if (!Number.isFinite(w) || Math.abs(w) < 1e-12) return null;
  const X = (h[0]! * x + h[1]! * y + h[2]!) / w;
  const Y = (h[3]! * x + h[4]! * y + h[5]!) / w;
  return Number.isFinite(X) && Number.isFinite(Y) ? [X, Y] : null;
}

/**
 * The homography taking four image points to four floor points (direct linear transform with h33 = 1), as set
 * in the console from four marked floor points. Throws when three of the points are collinear.
 */
export function homographyFromPoints(image: readonly Point2[], floor: readonly Point2[]): number[] {
  if (image.length !== 4 || floor.length !== 4) throw new RangeError('need exactly four point pairs');
  if (hasCollinearTriple(image)) throw new RangeError('degenerate points (three image points are collinear)');
  if (hasCollinearTriple(floor)) throw new RangeError('degenerate points (three floor points are collinear)');
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = image[i]!;
    const [u, v] = floor[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const h = solve(a);
  return [...h, 1];
}

/**
 * True when three of the points lie on one line, or nearly (a triangle flatter than 1/1000 of the points' spread
 * squared): elimination in floating point does not always see an exact line, and a near-line gives a wild mapping.
 */
export function hasCollinearTriple(p: readonly Point2[]): boolean {
  let spread = 0;
  for (const a of p) for (const b of p) spread = Math.max(spread, (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2);
  if (spread === 0) return true;
  for (let i = 0; i < p.length; i++)
    for (let j = i + 1; j < p.length; j++)
      for (let k = j + 1; k < p.length; k++) {
        const [a, b, c] = [p[i]!, p[j]!, p[k]!];
        const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
        if (Math.abs(cross) < 1e-3 * spread) return true;
      }
  return false;
}

/** Gaussian elimination with partial pivoting on an n×(n+1) augmented matrix. */
function solve(m: number[][]): number[] {
  const n = m.length;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (Math.abs(m[piv]![c]!) < 1e-12) throw new RangeError('degenerate points (three are collinear)');
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Where a person stands in the image: the bottom centre of their box. */
export function footPoint(box: { x: number; y: number; w: number; h: number }): [number, number] {
  return [box.x + box.w / 2, box.y + box.h];
}

export function distance(a: Point2, b: Point2): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
