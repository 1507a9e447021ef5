/**
 * Per-frame pose features: joint angles and body-relative distances computed from one (smoothed, visibility-gated,
 * aspect-corrected) skeleton. Everything the catalogue, the counters and the form rules read is a named feature here.
 *
 * Conventions: image y grows downwards; angles are in degrees; distances are in torso lengths (mid-shoulder to
 * mid-hip), so they do not depend on how far the person stands from the camera. A feature is NaN when the landmarks
 * it needs are not visible; bilateral features average the sides that are visible.
 */

export const FEATURES = [
  'elbowL', 'elbowR', 'elbow', 'kneeL', 'kneeR', 'knee', 'kneeMin', 'hipL', 'hipR', 'hip',
  'shoulderL', 'shoulderR', 'shoulder', 'torsoIncline', 'wristAboveShoulder', 'wristLateral', 'wristForward',
  'ankleSpread', 'kneeYDiff', 'shoulderWidth', 'hipAboveKnee', 'hipAboveAnkle', 'neckAngle', 'bodyLine',
  'kneeSpreadRatio', 'sideView', 'elbowAboveShoulder', 'elbowAsym', 'wristAsym', 'hipY', 'hipX', 'wristY', 'torsoLean',
  'wristAboveAnkle', 'torsoRise',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export const F = Object.fromEntries(FEATURES.map((n, i) => [n, i])) as Record<FeatureName, number>;
export const FEATURE_COUNT = FEATURES.length;

/** Feature indices as plain numbers (hot path). */
const I_elbowL = F.elbowL;
const I_elbowR = F.elbowR;
const I_elbow = F.elbow;
const I_kneeL = F.kneeL;
const I_kneeR = F.kneeR;
const I_knee = F.knee;
const I_kneeMin = F.kneeMin;
const I_hipL = F.hipL;
const I_hipR = F.hipR;
const I_hip = F.hip;
const I_shoulderL = F.shoulderL;
const I_shoulderR = F.shoulderR;
const I_shoulder = F.shoulder;
const I_torsoIncline = F.torsoIncline;
const I_wristAboveShoulder = F.wristAboveShoulder;
const I_wristAsym = F.wristAsym;
const I_wristLateral = F.wristLateral;
const I_wristForward = F.wristForward;
const I_ankleSpread = F.ankleSpread;
const I_kneeYDiff = F.kneeYDiff;
const I_shoulderWidth = F.shoulderWidth;
const I_hipAboveKnee = F.hipAboveKnee;
const I_hipAboveAnkle = F.hipAboveAnkle;
const I_neckAngle = F.neckAngle;
const I_bodyLine = F.bodyLine;
const I_kneeSpreadRatio = F.kneeSpreadRatio;
const I_elbowAboveShoulder = F.elbowAboveShoulder;
const I_sideView = F.sideView;
const I_elbowAsym = F.elbowAsym;
const I_hipY = F.hipY;
const I_hipX = F.hipX;
const I_wristY = F.wristY;
const I_torsoLean = F.torsoLean;
const I_torsoRise = F.torsoRise;
const I_wristAboveAnkle = F.wristAboveAnkle;

/** Landmark indices used here (MediaPipe Pose order, see @gym/shared landmarks). */
const NOSE = 0, LEAR = 7, REAR = 8, LS = 11, RS = 12, LE = 13, RE = 14, LW = 15, RW = 16;
const LH = 23, RH = 24, LK = 25, RK = 26, LA = 27, RA = 28;

const DEG = 180 / Math.PI;

/** Angle a-b-c at b in degrees (NaN when a point is missing or degenerate). */
function angle(p: Float64Array, a: number, b: number, c: number): number {
  const ux = p[2 * a]! - p[2 * b]!, uy = p[2 * a + 1]! - p[2 * b + 1]!;
  const vx = p[2 * c]! - p[2 * b]!, vy = p[2 * c + 1]! - p[2 * b + 1]!;
  const nu = Math.sqrt(ux * ux + uy * uy), nv = Math.sqrt(vx * vx + vy * vy);
  if (!(nu > 1e-9 && nv > 1e-9)) return NaN;
  let cos = (ux * vx + uy * vy) / (nu * nv);
  cos = cos > 1 ? 1 : cos < -1 ? -1 : cos;
  return Math.acos(cos) * DEG;
}

/** Angle between two vectors in degrees. */
function vecAngle(ux: number, uy: number, vx: number, vy: number): number {
  const nu = Math.sqrt(ux * ux + uy * uy), nv = Math.sqrt(vx * vx + vy * vy);
  if (!(nu > 1e-9 && nv > 1e-9)) return NaN;
  let cos = (ux * vx + uy * vy) / (nu * nv);
  cos = cos > 1 ? 1 : cos < -1 ? -1 : cos;
  return Math.acos(cos) * DEG;
}

/** Mean of the finite values (NaN when none). */
function mean2(a: number, b: number): number {
  const fa = a === a, fb = b === b; // NaN check without calls
  return fa && fb ? (a + b) / 2 : fa ? a : fb ? b : NaN;
}

function mid(p: Float64Array, a: number, b: number, axis: 0 | 1): number {
  return mean2(p[2 * a + axis]!, p[2 * b + axis]!);
}

/**
 * Fills `out` (length FEATURE_COUNT) from points `p` (x,y interleaved, 33 landmarks, NaN = not visible).
 * `scaleRef` is the person's typical torso length in the same units, used for world-frame positions (hipY, wristY).
 * Returns the torso length of this frame (NaN when shoulders or hips are missing).
 */
export function computeFeatures(p: Float64Array, out: Float64Array, scaleRef: number): number {
  const sx = mid(p, LS, RS, 0), sy = mid(p, LS, RS, 1);
  const hx = mid(p, LH, RH, 0), hy = mid(p, LH, RH, 1);
  const tdx = sx - hx, tdy = sy - hy;
  const torso = Math.sqrt(tdx * tdx + tdy * tdy);
  const L = torso > 1e-9 ? torso : NaN;
  const ref = scaleRef > 1e-9 ? scaleRef : L;

  const elbowL = angle(p, LS, LE, LW), elbowR = angle(p, RS, RE, RW);
  const kneeL = angle(p, LH, LK, LA), kneeR = angle(p, RH, RK, RA);
  const hipL = angle(p, LS, LH, LK), hipR = angle(p, RS, RH, RK);
  const shL = angle(p, LE, LS, LH), shR = angle(p, RE, RS, RH);
  out[I_elbowL] = elbowL; out[I_elbowR] = elbowR; out[I_elbow] = mean2(elbowL, elbowR);
  out[I_kneeL] = kneeL; out[I_kneeR] = kneeR; out[I_knee] = mean2(kneeL, kneeR);
  out[I_kneeMin] = kneeL === kneeL && kneeR === kneeR ? Math.min(kneeL, kneeR) : mean2(kneeL, kneeR);
  out[I_hipL] = hipL; out[I_hipR] = hipR; out[I_hip] = mean2(hipL, hipR);
  out[I_shoulderL] = shL; out[I_shoulderR] = shR; out[I_shoulder] = mean2(shL, shR);
  // 0 = upright, 90 = lying, 180 = upside down.
  out[I_torsoIncline] = vecAngle(sx - hx, sy - hy, 0, -1);

  const lwy = p[2 * LW + 1]!, rwy = p[2 * RW + 1]!, lwx = p[2 * LW]!, rwx = p[2 * RW]!;
  const lsx = p[2 * LS]!, rsx = p[2 * RS]!, lsy = p[2 * LS + 1]!, rsy = p[2 * RS + 1]!;
  const wAboveL = (lsy - lwy) / L, wAboveR = (rsy - rwy) / L;
  out[I_wristAboveShoulder] = mean2(wAboveL, wAboveR);
  out[I_wristAsym] = Math.abs(wAboveL - wAboveR);
  out[I_wristLateral] = (Math.abs(lwx - rwx) - Math.abs(lsx - rsx)) / (2 * L);
  out[I_wristForward] = Math.abs(mean2(lwx, rwx) - sx) / L;
  out[I_ankleSpread] = Math.abs(p[2 * LA]! - p[2 * RA]!) / L;
  out[I_kneeYDiff] = Math.abs(p[2 * LK + 1]! - p[2 * RK + 1]!) / L;
  out[I_shoulderWidth] = Math.abs(lsx - rsx) / L;
  out[I_hipAboveKnee] = (mid(p, LK, RK, 1) - hy) / L;
  // Hip height over the lower (standing) foot, so lifting one leg does not read as the hips dropping.
  const lay = p[2 * LA + 1]!, ray = p[2 * RA + 1]!;
  out[I_hipAboveAnkle] = ((lay === lay && ray === ray ? Math.max(lay, ray) : mean2(lay, ray)) - hy) / L;
  const ex = mid(p, LEAR, REAR, 0), ey = mid(p, LEAR, REAR, 1);
  const headX = ex === ex ? ex : p[2 * NOSE]!, headY = ey === ey ? ey : p[2 * NOSE + 1]!;
  out[I_neckAngle] = vecAngle(sx - hx, sy - hy, headX - sx, headY - sy);
  out[I_bodyLine] = mean2(angle(p, LS, LH, LA), angle(p, RS, RH, RA));
  out[I_kneeSpreadRatio] = Math.abs(p[2 * LK]! - p[2 * RK]!) / Math.abs(p[2 * LA]! - p[2 * RA]!);
  // How far the head is turned from the camera, from the nose's offset from the ears (x ratios only, so the
  // aspect does not matter): 0 = facing the camera, towards 1 = profile.
  const earSpread = Math.abs(p[2 * LEAR]! - p[2 * REAR]!), noseOff = Math.abs(p[2 * NOSE]! - ex);
  out[I_sideView] = noseOff / (earSpread + noseOff);
  out[I_elbowAboveShoulder] = mean2((lsy - p[2 * LE + 1]!) / L, (rsy - p[2 * RE + 1]!) / L);
  out[I_elbowAsym] = Math.abs(elbowL - elbowR);
  out[I_hipY] = hy / ref;
  out[I_hipX] = hx / ref;
  out[I_wristY] = mid(p, LW, RW, 1) / ref;
  out[I_torsoLean] = (sx - hx) / L;
  // Hands over the lower foot, as a share of the head's height over it: ~0 with the hands on the floor (push-up,
  // plank), ~0.4 hanging at the knees (bent-over row). Vertical distances only, so the aspect does not matter.
  const footY = lay === lay && ray === ray ? Math.max(lay, ray) : mean2(lay, ray);
  const headH = footY - headY;
  out[I_wristAboveAnkle] = headH > 1e-9 ? (footY - mid(p, LW, RW, 1)) / headH : NaN;
  // The shoulders' height over the hips as a share of the hips' height over the lower foot: ~0.6 standing, lower
  // as the torso hinges forward (a deadlift, a swing), higher as the hips sink (a squat). Vertical distances only,
  // so a hinge reads the same from the front (the torso foreshortened) as from the side (the torso tilted).
  const legH = footY - hy;
  out[I_torsoRise] = legH > 1e-9 ? (hy - sy) / legH : NaN;
  return L;
}
