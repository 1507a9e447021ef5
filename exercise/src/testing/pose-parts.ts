/** Building blocks of generated poses shared by the movement programmes (motions.ts, motions-more.ts). */
import { add, comb, cross, FWD, LEFT, mul, unit, type BodyDims, type Limb, type V3 } from './body.ts';

export const rad = (d: number): number => (d * Math.PI) / 180;
export const legLen = (b: BodyDims): number => b.thigh + b.shin;
export const armLen = (b: BodyDims): number => b.upperArm + b.foreArm;

/** Unit vector from `a` rotated towards `b` by `deg`. */
export const rot = (a: V3, b: V3, deg: number): V3 => unit(add(mul(a, Math.cos(rad(deg))), mul(b, Math.sin(rad(deg)))));

export function shoulders(b: BodyDims, pelvis: V3, spine: V3, chest: V3): [V3, V3] {
  const left = unit(cross(spine, chest));
  const neck = comb(pelvis, spine, b.torso);
  return [comb(neck, left, b.shoulderHalf), comb(neck, left, -b.shoulderHalf)];
}

/** Arms along directions (upper arm, forearm) from the shoulders. */
export function armsDir(b: BodyDims, sh: [V3, V3], up: [V3, V3], fore: [V3, V3], bend: [V3, V3]): [Limb, Limb] {
  return [0, 1].map((i) => ({
    target: comb(comb(sh[i]!, up[i]!, b.upperArm), fore[i]!, b.foreArm),
    bend: bend[i]!,
  })) as [Limb, Limb];
}

export function standingLegs(b: BodyDims, pelvis: V3, footHalf: number, bend: [V3, V3], forward: V3 = FWD, zOff: [number, number] = [0, 0]): [Limb, Limb] {
  return [1, -1].map((side, i) => ({
    target: add([side * footHalf, b.ankleH, pelvis[2]], mul(forward, zOff[i]!)),
    bend: bend[i]!,
  })) as [Limb, Limb];
}

export function hangingArms(b: BodyDims, sh: [V3, V3], spine: V3, chest: V3): [Limb, Limb] {
  const down = mul(spine, -1);
  return armsDir(b, sh, [rot(down, LEFT, 6), rot(down, LEFT, -6)], [rot(down, chest, 8), rot(down, chest, 8)], [mul(chest, -1), mul(chest, -1)]);
}
