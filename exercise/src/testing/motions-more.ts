/**
 * More movements for the test generator (the catalogue past its first twelve): rows, dips, hip thrusts, swings,
 * burpees, mountain climbers and two timed holds (plank, wall-sit). Same contract as motions.ts: a rep phase p
 * (0 = rest, 1 = far end) to a 3D pose; units are body heights (about 1), y up, the person faces +z.
 */
import { add, comb, cross, FWD, LEFT, lerp3, mul, sub, unit, UP, type BodyDims, type Limb, type PoseSpec, type V3 } from './body.ts';
import { armLen, hangingArms, legLen, rot, shoulders, standingLegs } from './pose-parts.ts';

export const MORE_MOTIONS = [
  'upright_row', 'bent_over_row', 'dip', 'hip_thrust', 'kettlebell_swing', 'burpee', 'mountain_climber', 'plank', 'wall_sit',
] as const;
export type MoreMotion = (typeof MORE_MOTIONS)[number];
/** Movements that are timed holds, not reps. */
export const HOLD_MOTIONS = ['plank', 'wall_sit'] as const satisfies readonly MoreMotion[];

interface Ctx { b: BodyDims; partial: boolean; rep: number; style: number }

const standH = (b: BodyDims): number => b.ankleH + legLen(b) * 0.985;

/** A straight-arm plank (the top of a push-up), ankles at the origin, head towards +z. */
function plankPose(b: BodyDims, kneeDrive: [number, number] = [0, 0]): PoseSpec {
  const lb = legLen(b) + b.torso;
  const hS = 0.03 + armLen(b) * 0.97;
  const phi = Math.asin(Math.min(0.95, (hS - 0.08) / lb));
  const ankles: V3 = [0, 0.08, 0];
  const spine: V3 = [0, Math.sin(phi), Math.cos(phi)];
  const pelvis = comb(ankles, spine, legLen(b));
  const chest = unit(cross(cross(spine, [0, -Math.cos(phi), Math.sin(phi)]), spine));
  const left = unit(cross(spine, chest));
  const handZ = lb * 0.93;
  const arms = [1, -1].map((side) => ({ target: [side * (b.shoulderHalf + 0.05) * Math.sign(left[0] || 1), 0.02, handZ] as V3, bend: add(mul(spine, -1), mul(left, side * 0.7)) })) as [Limb, Limb];
  const legs = [1, -1].map((side, i) => {
    const foot = add(ankles, mul(left, side * b.hipHalf));
    // Knee drive: the foot comes forward under the hips, the knee towards the chest (and down).
    const drive = kneeDrive[i]!;
    const tucked = add(comb(pelvis, UP, -0.12), mul(left, side * b.hipHalf));
    const target = lerp3(foot, [tucked[0], Math.max(0.06, tucked[1]), tucked[2] + 0.02], drive);
    return { target, bend: drive > 0.05 ? add(FWD, mul(UP, -0.6)) : mul(chest, 1) };
  }) as [Limb, Limb];
  return { pelvis, spine, chest, arms, legs, toes: [0, -1, 0] };
}

/** Squatting low with the hands on the floor in front of the feet (the burpee's crouch). */
function crouchPose(b: BodyDims): PoseSpec {
  const pelvis: V3 = [0, b.ankleH + legLen(b) * 0.42, -0.1];
  const spine = rot(UP, FWD, 55), chest = rot(FWD, UP, -55);
  const sh = shoulders(b, pelvis, spine, chest);
  const arms = [0, 1].map((i) => ({ target: [sh[i]![0] * 1.1, 0.02, 0.2] as V3, bend: mul(FWD, -1) })) as [Limb, Limb];
  const legs = standingLegs(b, [0, 0, 0], b.hipHalf + 0.05, [add(FWD, LEFT), add(FWD, mul(LEFT, -1))]);
  return { pelvis, spine, chest, arms, legs };
}

function standPose(b: BodyDims): PoseSpec {
  const pelvis: V3 = [0, standH(b), 0];
  const sh = shoulders(b, pelvis, UP, FWD);
  return { pelvis, spine: UP, chest: FWD, arms: hangingArms(b, sh, UP, FWD), legs: standingLegs(b, pelvis, b.hipHalf + 0.03, [FWD, FWD]) };
}

/** Between two poses: positions and limb targets interpolated, directions re-normalised (IK keeps bone lengths). */
export function blendPose(a: PoseSpec, c: PoseSpec, t: number): PoseSpec {
  const dir = (u: V3, v: V3): V3 => unit(lerp3(u, v, t));
  const limb = (x: Limb, y: Limb): Limb => ({ target: lerp3(x.target, y.target, t), bend: lerp3(x.bend, y.bend, t) });
  const spine = dir(a.spine, c.spine);
  let chest = lerp3(a.chest, c.chest, t);
  chest = unit(sub(chest, mul(spine, chest[0] * spine[0] + chest[1] * spine[1] + chest[2] * spine[2])));
  return {
    pelvis: lerp3(a.pelvis, c.pelvis, t), spine, chest,
    arms: [limb(a.arms[0], c.arms[0]), limb(a.arms[1], c.arms[1])],
    legs: [limb(a.legs[0], c.legs[0]), limb(a.legs[1], c.legs[1])],
    toes: a.toes && c.toes ? lerp3(a.toes, c.toes, t) : t < 0.5 ? a.toes : c.toes,
  };
}

const ease = (x: number): number => (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, x)))) / 2;

export function morePose(name: MoreMotion, p: number, ctx: Ctx): PoseSpec {
  const { b } = ctx;
  const q = p * (ctx.partial ? 0.5 : 1);
  switch (name) {
    case 'upright_row': {
      // Hands from the thighs up to the chest, elbows leading up and out to shoulder height.
      const pelvis: V3 = [0, standH(b), 0];
      const sh = shoulders(b, pelvis, UP, FWD);
      const arms = [0, 1].map((i) => {
        const side = i === 0 ? 1 : -1;
        const lo = comb(comb(sh[i]!, UP, -armLen(b) * 0.96), FWD, 0.06, LEFT, -side * 0.06);
        const hi = comb(comb(sh[i]!, UP, -0.02), FWD, 0.09, LEFT, -side * 0.08);
        return { target: lerp3(lo, hi, q), bend: add(mul(LEFT, side), mul(UP, 0.9 * q)) };
      }) as [Limb, Limb];
      return { pelvis, spine: UP, chest: FWD, arms, legs: standingLegs(b, pelvis, b.hipHalf + 0.04, [FWD, FWD]) };
    }
    case 'bent_over_row': {
      // Hinged at ~60°, knees soft; straight arms hang, then the elbows drive up past the torso.
      const lean = 55 + 10 * ctx.style;
      const pelvis: V3 = [0, b.ankleH + legLen(b) * 0.93, -0.08];
      const spine = rot(UP, FWD, lean), chest = rot(FWD, UP, -lean);
      const sh = shoulders(b, pelvis, spine, chest);
      const arms = [0, 1].map((i) => {
        const side = i === 0 ? 1 : -1;
        const lo = comb(sh[i]!, UP, -armLen(b) * 0.97);
        const hi = comb(comb(sh[i]!, UP, -0.12), spine, -0.14, LEFT, -side * 0.02);
        return { target: lerp3(lo, hi, q), bend: add(mul(UP, 1), mul(spine, -0.4)) };
      }) as [Limb, Limb];
      const legs = standingLegs(b, pelvis, b.hipHalf + 0.04, [FWD, FWD]);
      return { pelvis, spine, chest, arms, legs };
    }
    case 'dip': {
      // Hands fixed on parallel bars at hip height; the body sinks as the elbows bend backwards; knees bent, feet off the floor.
      const barY = 1.0;
      const top = barY + armLen(b) * 0.96;
      const shY = top - 0.17 * q;
      const lean = 8 + 14 * q;
      const spine = rot(UP, FWD, lean), chest = rot(FWD, UP, -lean);
      const pelvis = comb([0, shY, 0], spine, -b.torso);
      const arms = [1, -1].map((side) => ({ target: [side * (b.shoulderHalf + 0.04), barY, 0.02] as V3, bend: mul(FWD, -1) })) as [Limb, Limb];
      const legs = [1, -1].map((side) => ({ target: add(comb(pelvis, UP, -legLen(b) * 0.7, FWD, -0.3), [side * b.hipHalf, 0, 0]), bend: FWD })) as [Limb, Limb];
      return { pelvis, spine, chest, arms, legs };
    }
    case 'hip_thrust': {
      // Glute bridge: lying on the back, knees up, feet planted; the hips rise until shoulders, hips and knees line up.
      const neck: V3 = [0, 0.09, -b.torso - 0.05];
      const pelvis: V3 = [0, 0.1 + 0.17 * q, 0];
      const spine = unit(sub(neck, pelvis));
      const chest = unit(sub(UP, mul(spine, spine[1])));
      const left = unit(cross(spine, chest));
      const sh = shoulders(b, pelvis, spine, chest);
      const arms = [0, 1].map((i) => ({ target: [sh[i]![0] + (i === 0 ? 0.04 : -0.04), 0.03, sh[i]![2] + armLen(b) * 0.9] as V3, bend: UP })) as [Limb, Limb];
      const legs = [1, -1].map((side) => ({ target: add([0, b.ankleH, legLen(b) * 0.72], mul(left, side * (b.hipHalf + 0.04))), bend: UP })) as [Limb, Limb];
      return { pelvis, spine, chest, arms, legs, toes: FWD };
    }
    case 'kettlebell_swing': {
      // A hip hinge that throws straight arms from between the legs up to shoulder height (at rest: standing tall).
      const pelvis: V3 = [0, b.ankleH + legLen(b) * (0.985 - 0.07 * q), -0.12 * q];
      const spine = rot(UP, FWD, 70 * q), chest = rot(FWD, UP, -70 * q);
      const sh = shoulders(b, pelvis, spine, chest);
      const down: V3 = [0, -1, 0];
      const armDir = rot(down, FWD, 85 * (1 - q) - 20 * q);
      const arms = [0, 1].map((i) => ({ target: comb(comb(sh[i]!, armDir, armLen(b) * 0.98), LEFT, i === 0 ? -0.05 : 0.05), bend: mul(FWD, -1) })) as [Limb, Limb];
      const legs = standingLegs(b, pelvis, b.hipHalf + 0.08, [FWD, FWD]);
      return { pelvis, spine, chest, arms, legs };
    }
    case 'burpee': {
      // Stand → crouch with hands down → feet jump back to a plank (far end), and back.
      const stand = standPose(b), crouch = crouchPose(b), plank = plankPose(b);
      const plankFromHands = { ...plank, pelvis: plank.pelvis, arms: plank.arms, legs: plank.legs };
      // The plank is built around its own hands; shift it so the hands land where the crouch put them.
      const shift = sub(crouch.arms[0].target, plankFromHands.arms[0].target);
      const moved: PoseSpec = {
        ...plank, pelvis: add(plank.pelvis, shift),
        arms: [{ ...plank.arms[0], target: add(plank.arms[0].target, shift) }, { ...plank.arms[1], target: add(plank.arms[1].target, shift) }],
        legs: [{ ...plank.legs[0], target: add(plank.legs[0].target, shift) }, { ...plank.legs[1], target: add(plank.legs[1].target, shift) }],
      };
      const pp = ctx.partial ? p * 0.6 : p;
      return pp < 0.45 ? blendPose(stand, crouch, ease(pp / 0.45)) : blendPose(crouch, moved, ease((pp - 0.45) / 0.55));
    }
    case 'mountain_climber': {
      // Plank; one knee drives towards the chest per rep, sides taking turns.
      const drive = q;
      return plankPose(b, ctx.rep % 2 === 0 ? [drive, 0] : [0, drive]);
    }
    case 'plank': {
      // From standing down into the plank (p 0 → 1), then held.
      const s = plankPose(b);
      const held = { ...s, pelvis: comb(s.pelvis, UP, 0.006 * Math.sin(Math.PI * p)) };
      return p >= 1 ? held : blendPose(standPose(b), held, ease(p));
    }
    case 'wall_sit': {
      // Back against a wall, thighs level, knees at a right angle (p: from standing at the wall into the sit).
      const sitY = b.ankleH + b.shin * 0.98;
      const pelvis: V3 = [0, standH(b) + (sitY - standH(b)) * ease(p), 0];
      const feetZ = b.thigh * 0.95 * ease(p);
      const sh = shoulders(b, pelvis, UP, FWD);
      const legs = [1, -1].map((side) => ({ target: [side * (b.hipHalf + 0.04), b.ankleH, feetZ] as V3, bend: FWD })) as [Limb, Limb];
      return { pelvis, spine: UP, chest: FWD, arms: hangingArms(b, sh, UP, FWD), legs };
    }
  }
}
