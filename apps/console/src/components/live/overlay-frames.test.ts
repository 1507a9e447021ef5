import { describe, expect, it } from 'vitest';
import { OverlayFrames, type PersonSeen } from './overlay-frames.ts';

const seen = (cameraId: string, at: number, personId: string, x = 0.1): PersonSeen => ({ type: 'person.seen', at, cameraId, personId, trackId: 1, box: { x, y: 0.1, w: 0.2, h: 0.5 }, floor: null });
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('OverlayFrames', () => {
  it('groups the people of one analysed frame and matches a video frame to the nearest capture time', () => {
    const f = new OverlayFrames();
    for (const at of [1000, 1200, 1400]) {
      f.push(seen('cam', at, A, at / 10_000), at + 150);
      f.push(seen('cam', at, B), at + 160);
    }
    expect(f.latest('cam')?.people).toHaveLength(2);
    const m = f.nearest('cam', 1230)!;
    expect(m.frame.at).toBe(1200);
    expect(m.offsetMs).toBe(30);
    expect(m.frame.people.find((p) => p.personId === A)?.box.x).toBeCloseTo(0.12);
    expect(f.nearest('cam', 1390)!.offsetMs).toBe(-10);
    expect(f.nearest('cam', 5000)).toBeNull();
    expect(f.nearest('other', 1200)).toBeNull();
    expect(f.arrivalLagMs('cam')).toBe(150);
  });

  it('keeps late arrivals in capture order, replaces a person seen twice in a frame, and forgets old frames', () => {
    const f = new OverlayFrames(1000);
    f.push(seen('cam', 2000, A));
    f.push(seen('cam', 1800, A));
    f.push(seen('cam', 2000, A, 0.5));
    expect(f.nearest('cam', 1810)!.frame.at).toBe(1800);
    expect(f.nearest('cam', 2000)!.frame.people).toHaveLength(1);
    expect(f.nearest('cam', 2000)!.frame.people[0]!.box.x).toBe(0.5);
    f.push(seen('cam', 3500, A));
    expect(f.nearest('cam', 1800, 100)).toBeNull();
  });
});
