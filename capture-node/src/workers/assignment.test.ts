import { describe, expect, it } from 'vitest';
import { assignCameras, placeCamera } from './assignment.ts';

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

describe('placeCamera', () => {
  it('starts a new worker while fewer than count run, then fills the least loaded one with room', () => {
    expect(placeCamera([['a']], 2, 4)).toBe('new');
    expect(placeCamera([['a', 'b'], ['c']], 2, 4)).toBe(1);
    expect(placeCamera([['a', 'b'], ['c', 'd']], 2, 2)).toBeNull();
    expect(placeCamera([], 0, 4)).toBeNull();
  });
});
