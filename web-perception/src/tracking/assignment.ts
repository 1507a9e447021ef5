/**
 * Minimum-cost assignment (Hungarian method, potentials form, O(n²·m)) with a cost limit: pairs costing more than
 * `maxCost` are never matched, as `lap.lapjv(cost, cost_limit)` does in ByteTrack.
 */
export interface Assignment {
  matches: [row: number, col: number][];
  unmatchedRows: number[];
  unmatchedCols: number[];
}

/** Solves for rows ≤ cols; returns for each row its column. */
function hungarian(cost: readonly (readonly number[])[], n: number, m: number): number[] {
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j] = row (1-based) assigned to column j
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) rowToCol[p[j]! - 1] = j - 1;
  return rowToCol;
}

/** `cols` gives the column count when there are no rows (an empty matrix has no width of its own). */
export function linearAssignment(cost: readonly (readonly number[])[], maxCost: number, cols?: number): Assignment {
  const n = cost.length;
  const m = n > 0 ? cost[0]!.length : (cols ?? 0);
  const allRows = Array.from({ length: n }, (_, i) => i);
  const allCols = Array.from({ length: m }, (_, j) => j);
  if (n === 0 || m === 0) return { matches: [], unmatchedRows: allRows, unmatchedCols: allCols };
  // Costs above the limit are clipped just over it, so the solver never trades a good pair for a forbidden one.
  const big = maxCost + 1;
  const clip = (c: number): number => (Number.isFinite(c) && c <= maxCost ? c : big);
  let rowToCol: number[];
  if (n <= m) {
    rowToCol = hungarian(cost.map((r) => r.map(clip)), n, m);
  } else {
    const t = allCols.map((j) => allRows.map((i) => clip(cost[i]![j]!)));
    const colToRow = hungarian(t, m, n);
    rowToCol = new Array<number>(n).fill(-1);
    colToRow.forEach((i, j) => {
      if (i >= 0) rowToCol[i] = j;
    });
  }
  const matches: [number, number][] = [];
  const usedCols = new Set<number>();
  rowToCol.forEach((j, i) => {
    if (j >= 0 && cost[i]![j]! <= maxCost) {
      matches.push([i, j]);
      usedCols.add(j);
    }
  });
  const matchedRows = new Set(matches.map(([i]) => i));
  return {
    matches,
    unmatchedRows: allRows.filter((i) => !matchedRows.has(i)),
    unmatchedCols: allCols.filter((j) => !usedCols.has(j)),
  };
}

/** Greedy alternative (lowest cost first): cheaper for large matrices, slightly worse in crowded scenes. */
export function greedyAssignment(cost: readonly (readonly number[])[], maxCost: number, cols?: number): Assignment {
  const n = cost.length;
  const m = n > 0 ? cost[0]!.length : (cols ?? 0);
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (cost[i]![j]! <= maxCost) pairs.push([cost[i]![j]!, i, j]);
  pairs.sort((a, b) => a[0] - b[0]);
  const rows = new Set<number>();
  const usedCols = new Set<number>();
  const matches: [number, number][] = [];
  for (const [, i, j] of pairs) {
    if (rows.has(i) || usedCols.has(j)) continue;
    rows.add(i);
    usedCols.add(j);
    matches.push([i, j]);
  }
  return {
    matches,
    unmatchedRows: Array.from({ length: n }, (_, i) => i).filter((i) => !rows.has(i)),
    unmatchedCols: Array.from({ length: m }, (_, j) => j).filter((j) => !usedCols.has(j)),
  };
}
