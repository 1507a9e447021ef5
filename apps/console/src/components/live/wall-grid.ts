/** Pure layout of the wall screen. */

/** Columns × rows for n tiles of 4:3 on a screen of the given aspect (width / height): the largest tiles that fit. */
export function wallGrid(n: number, screenAspect: number): { cols: number; rows: number } {
  let best = { cols: 1, rows: Math.max(1, n), score: -1 };
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.max(1, Math.ceil(n / cols));
    const cell = Math.min(screenAspect / cols, (1 / rows) * (4 / 3)); // tile width in screen-heights
    if (cell * n > best.score) best = { cols, rows, score: cell * n };
  }
  return { cols: best.cols, rows: best.rows };
}
