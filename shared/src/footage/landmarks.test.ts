import { describe, expect, it } from 'vitest';
import { POSE_LANDMARKS } from '../landmarks.ts';
import { FOOTAGE_LANDMARKS_FORMAT, inImage, parseFootageLandmarks } from './landmarks.ts';

const header = { format: FOOTAGE_LANDMARKS_FORMAT, clip: 'c', fps: 10, width: 640, height: 480, people: ['p1'], landmarks: POSE_LANDMARKS, values: 'free text is kept out' };
const frame = (i: number, x = 100) => ({ i, t: i / 10, people: { p1: POSE_LANDMARKS.map((_, k) => [x + k, 200, 3]) } });

describe('gym.footage-landmarks/1', () => {
  it('reads the header and every frame by index', () => {
    const f = parseFootageLandmarks([header, frame(0), frame(1, 120)].map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(f.header).toMatchObject({ clip: 'c', width: 640, people: ['p1'] });
    expect(f.frames).toHaveLength(2);
    expect(f.frames[1]!.people['p1']![0]).toEqual([120, 200, 3]);
  });

  it('refuses a bad line with its number and field', () => {
    const bad = { ...frame(1), people: { p1: [[1, 2, 3]] } };
    expect(() => parseFootageLandmarks([header, frame(0), bad].map((l) => JSON.stringify(l)).join('\n'))).toThrow(/line 3: people\.p1/);
    expect(() => parseFootageLandmarks(JSON.stringify({ ...header, landmarks: [...POSE_LANDMARKS].reverse() }))).toThrow(/MediaPipe order/);
  });

  it('tells a point inside the image from one outside or behind the camera', () => {
    expect(inImage([10, 10, 2], header)).toBe(true);
    expect(inImage([650, 10, 2], header)).toBe(false);
    expect(inImage([10, 10, -1], header)).toBe(false);
  });
});
