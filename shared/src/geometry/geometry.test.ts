import { describe, expect, it } from 'vitest';
import { applyHomography, footPoint, homographyFromPoints, pointInPolygon } from './index.ts';

describe('homography', () => {
  it('maps the four marked points onto the floor points and interpolates between them', () => {
    const image = [[0.2, 0.5], [0.8, 0.5], [1, 1], [0, 1]] as const;
    const floor = [[0, 10], [4, 10], [4, 0], [0, 0]] as const;
    const h = homographyFromPoints(image, floor);
    image.forEach((p, i) => {
      const q = applyHomography(h, p)!;
      expect(q[0]).toBeCloseTo(floor[i]![0], 6);
      expect(q[1]).toBeCloseTo(floor[i]![1], 6);
    });
    // The image centre line maps to the floor's centre line (x = 2 m).
    expect(applyHomography(h, [0.5, 0.75])![0]).toBeCloseTo(2, 6);
  });

  it('refuses collinear points and reports points at infinity', () => {
    expect(() => homographyFromPoints([[0, 0], [0.5, 0.5], [1, 1], [0, 1]], [[0, 0], [1, 0], [1, 1], [0, 1]])).toThrow(/collinear/);
    expect(applyHomography([1, 0, 0, 0, 1, 0, 0, 1, -0.5], [0.3, 0.5])).toBeNull();
  });

  it('refuses three points on one line that floating point elimination lets through, and on the floor side', () => {
    // Three image points on y = 0.5 (clicked along a floor line): the elimination alone does not catch it.
    expect(() => homographyFromPoints([[0.1, 0.5], [0.5, 0.5], [0.9, 0.5], [0.5, 0.9]], [[0, 0], [5, 0], [5, 5], [0, 5]])).toThrow(/image points are collinear/);
    expect(() => homographyFromPoints([[0, 0], [1, 0], [1, 1], [0, 1]], [[0, 0], [2, 0], [4, 0], [0, 3]])).toThrow(/floor points are collinear/);
    expect(() => homographyFromPoints([[0, 0], [1, 0], [1, 1], [0, 1]], [[0, 0], [10, 0], [10, 10], [0, 10]])).not.toThrow();
  });
});

describe('zones', () => {
  const square = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]] as const;
  it('tells inside from outside, concave shapes included', () => {
    expect(pointInPolygon([0.5, 0.5], square)).toBe(true);
    expect(pointInPolygon([0.9, 0.5], square)).toBe(false);
    const ell = [[0, 0], [1, 0], [1, 0.4], [0.4, 0.4], [0.4, 1], [0, 1]] as const;
    expect(pointInPolygon([0.8, 0.8], ell)).toBe(false);
    expect(pointInPolygon([0.2, 0.8], ell)).toBe(true);
  });
  it('puts a person at the bottom centre of their box', () => {
    expect(footPoint({ x: 0.1, y: 0.2, w: 0.2, h: 0.6 })).toEqual([0.2, expect.closeTo(0.8, 9)]);
  });
});
