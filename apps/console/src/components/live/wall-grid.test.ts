import { describe, expect, it } from 'vitest';
import { wallGrid } from './wall-grid.ts';

describe('wall grid', () => {
  it('fills a 16:9 screen: 1 camera alone, 2 side by side, 4 as 2×2 or 3+1, 6 as 3×2', () => {
    expect(wallGrid(1, 16 / 9)).toEqual({ cols: 1, rows: 1 });
    expect(wallGrid(2, 16 / 9)).toEqual({ cols: 2, rows: 1 });
    expect(wallGrid(6, 16 / 9)).toEqual({ cols: 3, rows: 2 });
    const four = wallGrid(4, 16 / 9);
    expect(four.cols * four.rows).toBeGreaterThanOrEqual(4);
    expect(four.rows).toBe(2);
  });
  it('stacks on a portrait screen and handles no cameras', () => {
    expect(wallGrid(2, 9 / 16)).toEqual({ cols: 1, rows: 2 });
    expect(wallGrid(0, 16 / 9)).toEqual({ cols: 1, rows: 1 });
  });
});
