import { describe, expect, it } from 'vitest';
import { FOOTAGE_LANDMARKS_FORMAT, LM, POSE_LANDMARKS, type FootageLandmarks, type PoseFrame } from '@gym/shared';
import { matchTruthPerson, meanPoseError, poseError } from './pose-error.ts';

// Two people, 10 frames at 10 fps in 640×480: p1 at x≈200 moving its wrists, p2 at x≈450 still. Torso 100 px.
function truth(): FootageLandmarks {
  const person = (x: number, swing: number) => POSE_LANDMARKS.map((_, k) => {
    const y = k === LM.left_shoulder || k === LM.right_shoulder ? 150 : k === LM.left_hip || k === LM.right_hip ? 250 : 200;
    const side = POSE_LANDMARKS[k]!.startsWith('left') ? 20 : POSE_LANDMARKS[k]!.startsWith('right') ? -20 : 0;
    return [x + side, k === LM.left_wrist || k === LM.right_wrist ? y - swing : y, 3] as [number, number, number];
  });
  const header = { format: FOOTAGE_LANDMARKS_FORMAT, clip: 't', fps: 10, width: 640, height: 480, people: ['p1', 'p2'], landmarks: [...POSE_LANDMARKS] } as FootageLandmarks['header'];
  return { header, frames: Array.from({ length: 10 }, (_, i) => ({ i, t: i / 10, people: { p1: person(200, 40 * Math.sin(i)), p2: person(450, 0) } })) };
}
const asRecording = (lm: FootageLandmarks, id: string, dx = 0, from = 0): PoseFrame[] =>
  lm.frames.slice(from).map((f) => ({ t: (f.i - from) * 100, kp: f.people[id]!.map(([x, y]) => [(x + dx) / 640, y / 480, 0, 1] as [number, number, number, number]) }));

describe('pose error against rendered truth', () => {
  it('is zero for the truth itself and shift / torso length for a shifted copy, matched by time', () => {
    const lm = truth();
    expect(poseError(lm, 'p1', asRecording(lm, 'p1', 0, 3), 0.3)!.joints).toBeCloseTo(0, 6);
    const e = poseError(lm, 'p1', asRecording(lm, 'p1', 10), 0)!;
    expect(e.joints).toBeCloseTo(0.1, 6);
    expect(e.matchedFrames).toBe(10);
    expect(e.swaps).toBe(0);
  });

  it('finds the truth person a recording follows, and the mean-pose reference is worse on a moving person', () => {
    const lm = truth();
    expect(matchTruthPerson(lm, asRecording(lm, 'p2'), 0)).toBe('p2');
    expect(matchTruthPerson(lm, asRecording(lm, 'p1'), 0)).toBe('p1');
    const rec = asRecording(lm, 'p1');
    expect(meanPoseError(lm, 'p1', rec, 0)!.byJoint['left_wrist']).toBeGreaterThan(0.1);
    expect(poseError(lm, 'p1', rec, 0)!.byJoint['left_wrist']).toBeCloseTo(0, 6);
  });

  it('counts left/right swaps', () => {
    const lm = truth();
    const swapped = asRecording(lm, 'p1').map((f) => {
      const kp = [...f.kp!];
      [kp[LM.left_shoulder], kp[LM.right_shoulder]] = [kp[LM.right_shoulder]!, kp[LM.left_shoulder]!];
      return { ...f, kp };
    });
    expect(poseError(lm, 'p1', swapped, 0)!.swaps).toBe(1);
  });
});
