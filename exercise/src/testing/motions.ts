/**
 * Movements for the test generator: each maps a rep phase p (0 = rest, 1 = far end) to a 3D pose. Faults
 * (shallow squat, knees caving in, rounded back, sagging hips, partial lockout, swinging, uneven arms) are options
 * so the form rules can be tested on reps that really have them. `sway` and `side_leg_raise` are not in the
 * catalogue: a non-rep and an unknown periodic movement.
 */
import { add, comb, cross, FWD, LEFT, lerp3, mul, unit, UP, type BodyDims, type Limb, type PoseSpec, type V3 } from './body.ts';
import { MORE_MOTIONS, morePose, type MoreMotion } from './motions-more.ts';
import { armLen, armsDir, hangingArms, legLen, rad, rot, shoulders, standingLegs } from './pose-parts.ts';

export type Fault =
  | 'shallow' | 'valgus' | 'round_back' | 'hip_sag' | 'partial' | 'swing' | 'asymmetric';

export const MOTIONS = [
  'squat', 'push_up', 'pull_up', 'biceps_curl', 'shoulder_press', 'bench_press', 'lunge', 'deadlift',
  'jumping_jack', 'sit_up', 'lateral_raise', 'front_raise', 'sway', 'side_leg_raise', ...MORE_MOTIONS,
] as const;
export type MotionName = (typeof MOTIONS)[number];

export interface MotionContext {
  b: BodyDims;
  faults: ReadonlySet<Fault>;
  /** Rep number (alternating movements switch sides). */
  rep: number;
  /** Per-sequence style choice in [0, 1) (e.g. where the arms are during squats). */
  style: number;
}

export function motionPose(name: MotionName, p: number, ctx: MotionContext): PoseSpec {
  const { b, faults } = ctx;
  const f = (x: Fault): boolean => faults.has(x);
  const standH = b.ankleH + legLen(b) * 0.985;
  if ((MORE_MOTIONS as readonly string[]).includes(name)) return morePose(name as MoreMotion, p, { b, partial: f('partial'), rep: ctx.rep, style: ctx.style });
  switch (name) {
    case 'squat': {
      const q = p * (f('shallow') ? 0.45 : 1);
      const pelvis: V3 = [0, b.ankleH + legLen(b) * (0.985 - 0.53 * q), -0.13 * q];
      const spine = rot(UP, FWD, 40 * q), chest = rot(FWD, UP, -40 * q);
      const sh = shoulders(b, pelvis, spine, chest);
      const kneeOut = f('valgus') ? -0.9 * q : 0.25;
      const legs = standingLegs(b, pelvis, b.hipHalf + 0.05, [add(FWD, mul(LEFT, kneeOut)), add(FWD, mul(LEFT, -kneeOut))]);
      const arms = ctx.style < 0.5
        ? armsDir(b, sh, [FWD, FWD], [FWD, FWD], [UP, UP]) // arms held forward
        : armsDir(b, sh, [rot(mul(spine, -1), chest, 30), rot(mul(spine, -1), chest, 30)], [rot(spine, LEFT, -40), rot(spine, LEFT, 40)], [mul(chest, -1), mul(chest, -1)]); // hands at chest
      return { pelvis, spine, chest, arms, legs };
    }
    case 'deadlift': {
      const pelvis: V3 = [0, b.ankleH + legLen(b) * (0.985 - 0.1 * p), -0.14 * p];
      const spine = rot(UP, FWD, 75 * p), chest = rot(FWD, UP, -75 * p);
      const sh = shoulders(b, pelvis, spine, chest);
      const arms = [0, 1].map((i) => ({ target: comb(sh[i]!, UP, -armLen(b) * 0.98), bend: mul(FWD, -1) })) as [Limb, Limb];
      const legs = standingLegs(b, pelvis, b.hipHalf + 0.01, [FWD, FWD]);
      const r = f('round_back');
      return { pelvis, spine, chest, arms, legs, headDrop: r ? rad(70 * p) : rad(-10 * p), shoulderRound: r ? 0.04 * p : 0 };
    }
    case 'lunge': {
      const front = ctx.rep % 2 === 0 ? 0 : 1;
      const q = p * (f('shallow') ? 0.6 : 1);
      const stride = 0.42 * Math.min(1, p * 2.5);
      const pelvis: V3 = [0, b.ankleH + legLen(b) * (0.985 - 0.42 * q), stride * 0.45];
      const spine = UP, chest = FWD;
      const sh = shoulders(b, pelvis, spine, chest);
      const zOff: [number, number] = front === 0 ? [stride * 0.45 + stride * 0.55, -stride * 0.45 + 0.0] : [-stride * 0.45, stride * 0.55 + stride * 0.45];
      const legs = [1, -1].map((side, i) => ({ target: [side * (b.hipHalf + 0.02), b.ankleH, zOff[i]! ] as V3, bend: FWD })) as [Limb, Limb];
      return { pelvis, spine, chest, arms: hangingArms(b, sh, spine, chest), legs };
    }
    case 'push_up': {
      const q = p * (f('partial') ? 0.4 : 1);
      const lb = legLen(b) + b.torso;
      const handZ = lb * 0.93;
      const hS = 0.03 + armLen(b) * 0.97 * (1 - 0.75 * q);
      const phi = Math.asin(Math.min(0.95, (hS - 0.08) / lb));
      const ankles: V3 = [0, 0.08, 0];
      const spine: V3 = [0, Math.sin(phi), Math.cos(phi)];
      const chest: V3 = [0, -Math.cos(phi), Math.sin(phi)];
      let pelvis = comb(ankles, spine, legLen(b));
      if (f('hip_sag')) pelvis = comb(pelvis, UP, -0.09);
      const neck = comb(ankles, spine, lb);
      const sp = unit([neck[0] - pelvis[0], neck[1] - pelvis[1], neck[2] - pelvis[2]]);
      const ch = unit(cross(cross(sp, chest), sp));
      const left = unit(cross(sp, ch));
      const arms = [1, -1].map((side) => ({ target: [side * (b.shoulderHalf + 0.05) * Math.sign(left[0] || 1), 0.02, handZ] as V3, bend: add(mul(sp, -1), mul(left, side * 0.7)) })) as [Limb, Limb];
      const legs = [1, -1].map((side) => ({ target: add(ankles, mul(left, side * b.hipHalf)), bend: mul(ch, 1) })) as [Limb, Limb];
      return { pelvis, spine: sp, chest: ch, arms, legs, toes: [0, -1, 0] };
    }
    case 'bench_press': {
      const top = f('partial') ? 0.5 : 0;
      const q = top + (1 - top) * p;
      const pelvis: V3 = [0, 0.38, -0.15];
      const spine: V3 = [0, 0.03, 1], chest = UP;
      const sp = unit(spine);
      const sh = shoulders(b, pelvis, sp, chest);
      const left = unit(cross(sp, chest));
      const arms = [0, 1].map((i) => {
        const side = i === 0 ? 1 : -1;
        const qi = f('asymmetric') && i === 1 ? q * 0.55 + 0.2 : q;
        const hi = comb(comb(sh[i]!, UP, armLen(b) * 0.97), left, side * 0.05);
        const lo = comb(comb(sh[i]!, UP, 0.09), left, side * 0.1);
        return { target: lerp3(hi, lo, qi), bend: add(mul(UP, -1), mul(left, side)) };
      }) as [Limb, Limb];
      const legs = [1, -1].map((side) => ({ target: add([side * (b.hipHalf + 0.08), b.ankleH, pelvis[2] - 0.42], [0, 0, 0]), bend: UP })) as [Limb, Limb];
      return { pelvis, spine: sp, chest, arms, legs, toes: [0, 0, -1] };
    }
    case 'pull_up': {
      const q = p * (f('partial') ? 0.45 : 1);
      const barY = 2.05;
      const shY = barY - armLen(b) * 0.96 + (armLen(b) * 0.96 - 0.12) * q;
      const swing = f('swing') ? 0.12 * Math.sin(Math.PI * p) : 0;
      const pelvis: V3 = [0, shY - b.torso, swing];
      const spine = UP, chest = FWD;
      const sh = shoulders(b, pelvis, spine, chest);
      const arms = [1, -1].map((side, i) => ({ target: [sh[i]![0] + side * 0.09, barY, 0] as V3, bend: add(mul(LEFT, side), mul(FWD, 0.4)) })) as [Limb, Limb];
      const legs = [1, -1].map((side) => ({ target: [side * b.hipHalf, pelvis[1] - legLen(b) * 0.97, pelvis[2] + 0.05] as V3, bend: FWD })) as [Limb, Limb];
      return { pelvis, spine, chest, arms, legs };
    }
    case 'shoulder_press': {
      const pelvis: V3 = [0, standH, 0];
      const spine = UP, chest = FWD;
      const sh = shoulders(b, pelvis, spine, chest);
      const arms = [0, 1].map((i) => {
        const side = i === 0 ? 1 : -1;
        const qi = (f('partial') ? 0.55 : 1) * (f('asymmetric') && i === 1 ? 0.5 : 1) * p;
        const lo = comb(comb(sh[i]!, UP, 0.06), LEFT, side * 0.06, FWD, 0.05);
        const hi = comb(comb(sh[i]!, UP, armLen(b) * 0.97), LEFT, side * 0.03);
        return { target: lerp3(lo, hi, qi), bend: add(mul(LEFT, side), mul(UP, -0.6)) };
      }) as [Limb, Limb];
      return { pelvis, spine, chest, arms, legs: standingLegs(b, pelvis, b.hipHalf + 0.03, [FWD, FWD]) };
    }
    case 'biceps_curl': {
      const q = p * (f('partial') ? 0.5 : 1);
      const lean = f('swing') ? 16 * p : 0;
      const pelvis: V3 = [0, standH, 0];
      const spine = rot(UP, FWD, -lean), chest = rot(FWD, UP, lean);
      const sh = shoulders(b, pelvis, spine, chest);
      const down = mul(spine, -1);
      const upper = rot(down, chest, f('swing') ? 25 * p : 4);
      const flex = 12 + 125 * q;
      const fore = rot(down, chest, flex);
      return { pelvis, spine, chest, arms: armsDir(b, sh, [upper, upper], [fore, fore], [mul(chest, -1), mul(chest, -1)]), legs: standingLegs(b, pelvis, b.hipHalf + 0.03, [FWD, FWD]) };
    }
    case 'lateral_raise':
    case 'front_raise':
    case 'jumping_jack': {
      const jj = name === 'jumping_jack';
      const lift = jj ? 0.03 * Math.sin(Math.PI * p) : 0;
      const pelvis: V3 = [0, standH + lift, 0];
      const spine = UP, chest = FWD;
      const sh = shoulders(b, pelvis, spine, chest);
      const ups: V3[] = [], fores: V3[] = [];
      for (const [i, side] of [[0, 1], [1, -1]] as const) {
        const scale = (f('partial') ? 0.6 : 1) * (f('asymmetric') && i === 1 ? 0.55 : 1);
        const ang = jj ? 10 + 160 * p * scale : 8 + 84 * p * scale;
        const towards: V3 = name === 'front_raise' ? FWD : mul(LEFT, side);
        ups.push(rot(mul(UP, -1), towards, ang));
        fores.push(rot(mul(UP, -1), towards, ang + (jj ? 5 : 15)));
      }
      const footHalf = jj ? b.hipHalf + 0.02 + 0.22 * p : b.hipHalf + 0.03;
      const legs = [1, -1].map((side) => ({ target: [side * footHalf, b.ankleH + lift * 0.5, 0] as V3, bend: FWD })) as [Limb, Limb];
      return { pelvis, spine, chest, arms: armsDir(b, sh, [ups[0]!, ups[1]!], [fores[0]!, fores[1]!], [FWD, FWD]), legs };
    }
    case 'sit_up': {
      const e = 5 + 65 * p * (f('partial') ? 0.4 : 1);
      const pelvis: V3 = [0, 0.1, 0];
      const spine: V3 = [0, Math.sin(rad(e)), -Math.cos(rad(e))];
      const chest: V3 = [0, Math.cos(rad(e)), Math.sin(rad(e))];
      const left = unit(cross(spine, chest));
      const neck = comb(pelvis, spine, b.torso);
      const arms = [1, -1].map((side) => ({ target: comb(comb(neck, chest, 0.09, spine, -0.1), left, -side * 0.04), bend: mul(left, side) })) as [Limb, Limb];
      const legs = [1, -1].map((side) => ({ target: [side * (b.hipHalf + 0.02), b.ankleH, 0.4] as V3, bend: UP })) as [Limb, Limb];
      return { pelvis, spine, chest, arms, legs, toes: FWD };
    }
    case 'sway': {
      const s = Math.sin(2 * Math.PI * p);
      const pelvis: V3 = [0.07 * s, standH - 0.01 * Math.abs(s), 0];
      const spine = rot(UP, LEFT, -5 * s), chest = FWD;
      const sh = shoulders(b, pelvis, spine, chest);
      return { pelvis, spine, chest, arms: hangingArms(b, sh, spine, chest), legs: standingLegs(b, [0, standH, 0], b.hipHalf + 0.08, [FWD, FWD]) };
    }
    case 'side_leg_raise': {
      const pelvis: V3 = [0, standH, 0];
      const spine = rot(UP, LEFT, -6 * p), chest = FWD;
      const sh = shoulders(b, pelvis, spine, chest);
      const a = rad(65 * p);
      const hip = comb(pelvis, LEFT, b.hipHalf);
      const legs: [Limb, Limb] = [
        { target: comb(comb(hip, UP, -legLen(b) * 0.985 * Math.cos(a)), LEFT, legLen(b) * 0.985 * Math.sin(a)), bend: FWD },
        { target: [-(b.hipHalf + 0.02), b.ankleH, 0], bend: FWD },
      ];
      return { pelvis, spine, chest, arms: hangingArms(b, sh, spine, chest), legs };
    }
  }
  throw new Error(`no pose for ${name}`);
}
