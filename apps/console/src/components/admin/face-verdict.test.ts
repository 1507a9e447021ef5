import { describe, expect, it } from 'vitest';
import { confirmationCrop, faceVerdict } from './face-verdict.ts';

const face = (w: number, score = 0.9) => ({ box: { x: 100, y: 80, w, h: w * 1.1 }, score });

describe('face verdict', () => {
  it('accepts exactly one face big enough to embed', () => {
    expect(faceVerdict([face(120)])).toEqual({ ok: true, message: 'One face found (score 0.90).' });
  });
  it('says so when a photo has no face, two faces, or a tiny face', () => {
    expect(faceVerdict([])).toMatchObject({ ok: false, message: expect.stringMatching(/^No face found/) });
    expect(faceVerdict([face(120), face(90)])).toMatchObject({ ok: false, message: expect.stringMatching(/^2 faces in this photo/) });
    expect(faceVerdict([face(20)])).toMatchObject({ ok: false, message: expect.stringMatching(/too small \(20 px wide/) });
  });
});

describe('confirmation crop', () => {
  it('grows the face box and stays inside the photo', () => {
    expect(confirmationCrop({ x: 100, y: 100, w: 100, h: 100 }, { width: 1000, height: 1000 }, 0.5)).toEqual({ x: 50, y: 50, w: 200, h: 200 });
    expect(confirmationCrop({ x: 10, y: 20, w: 100, h: 100 }, { width: 150, height: 150 }, 0.5)).toEqual({ x: 0, y: 0, w: 150, h: 150 });
  });
});
