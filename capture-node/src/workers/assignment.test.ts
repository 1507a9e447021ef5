import { describe, expect, it } from 'vitest';
import { assignCameras } from './assignment.ts';

describe('assignCameras', () => {
  it('spreads cameras evenly over the workers', () => {
    expect(assignCameras(['a', 'b', 'c', 'd', 'e'], 2, 4).workers).toEqual([['a', 'c', 'e'], ['b', 'd']]);
  });
  it('starts no empty workers', () => {
    expect(assignCameras(['a'], 3, 4).workers).toEqual([['a']]);
    expect(assignCameras([], 3, 4).workers).toEqual([]);
  });
  it('reports the cameras beyond capacity', () => {
    expect(assignCameras(['a', 'b', 'c'], 1, 2)).toEqual({ workers: [['a', 'b']], unassigned: ['c'] });
    expect(assignCameras(['a'], 0, 2)).toEqual({ workers: [], unassigned: ['a'] });
  });
});
