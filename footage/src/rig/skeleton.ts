/**
 * The rig of the MakeHuman base mesh (Debian assimp-testmodels, Collada/human.zae): 1.66 m, A-pose, facing +z,
 * y up, the person's left on +x. The joint positions were placed by hand from horizontal cross-sections of the mesh
 * (leg and arm centre lines, the narrowest points at knee and ankle, the crotch at 0.75 m, the neck at 1.42 m), as
 * footage.md describes; they are the rest pose every frame's bone rotations are measured from.
 */
import type { V3 } from './vec.ts';

export const JOINT_NAMES = [
  'pelvis', 'spine', 'chest', 'neck', 'head', 'headTop',
  'lShoulder', 'lElbow', 'lWrist', 'lHandTip', 'rShoulder', 'rElbow', 'rWrist', 'rHandTip',
  'lHip', 'lKnee', 'lAnkle', 'lToe', 'rHip', 'rKnee', 'rAnkle', 'rToe',
] as const;
export type JointName = (typeof JOINT_NAMES)[number];
export type Joints = Record<JointName, V3>;

const left = {
  lShoulder: [0.17, 1.335, -0.01],
  lElbow: [0.335, 1.1, 0.035],
  lWrist: [0.462, 0.975, 0.21],
  lHandTip: [0.515, 0.865, 0.29],
  lHip: [0.09, 0.855, 0.01],
  lKnee: [0.135, 0.47, 0.035],
  lAnkle: [0.183, 0.085, 0.015],
  lToe: [0.19, 0.015, 0.19],
} satisfies Partial<Record<JointName, V3>>;
const mirror = (v: V3): V3 => [-v[0], v[1], v[2]];

export const REST_JOINTS: Joints = {
  pelvis: [0, 0.9, 0.01],
  spine: [0, 1.08, 0.0],
  chest: [0, 1.25, -0.005],
  neck: [0, 1.42, -0.01],
  head: [0, 1.5, 0.015],
  headTop: [0, 1.66, 0.015],
  ...(left as Record<keyof typeof left, V3>),
  rShoulder: mirror(left.lShoulder as V3),
  rElbow: mirror(left.lElbow as V3),
  rWrist: mirror(left.lWrist as V3),
  rHandTip: mirror(left.lHandTip as V3),
  rHip: mirror(left.lHip as V3),
  rKnee: mirror(left.lKnee as V3),
  rAnkle: mirror(left.lAnkle as V3),
  rToe: mirror(left.lToe as V3),
};

export type Side = 'l' | 'r' | 'c';
export interface BoneDef {
  name: string;
  from: JointName;
  to: JointName;
  side: Side;
  /** Radius of the bone's capsule in the rest mesh (skin weights use the distance to its surface). */
  radius: number;
}

export const BONES: readonly BoneDef[] = [
  { name: 'pelvis', from: 'pelvis', to: 'spine', side: 'c', radius: 0.14 },
  { name: 'spine', from: 'spine', to: 'chest', side: 'c', radius: 0.13 },
  { name: 'chest', from: 'chest', to: 'neck', side: 'c', radius: 0.13 },
  { name: 'neck', from: 'neck', to: 'head', side: 'c', radius: 0.055 },
  { name: 'head', from: 'head', to: 'headTop', side: 'c', radius: 0.085 },
  { name: 'lUpperArm', from: 'lShoulder', to: 'lElbow', side: 'l', radius: 0.05 },
  { name: 'lForearm', from: 'lElbow', to: 'lWrist', side: 'l', radius: 0.04 },
  { name: 'lHand', from: 'lWrist', to: 'lHandTip', side: 'l', radius: 0.03 },
  { name: 'rUpperArm', from: 'rShoulder', to: 'rElbow', side: 'r', radius: 0.05 },
  { name: 'rForearm', from: 'rElbow', to: 'rWrist', side: 'r', radius: 0.04 },
  { name: 'rHand', from: 'rWrist', to: 'rHandTip', side: 'r', radius: 0.03 },
  { name: 'lThigh', from: 'lHip', to: 'lKnee', side: 'l', radius: 0.075 },
  { name: 'lShin', from: 'lKnee', to: 'lAnkle', side: 'l', radius: 0.05 },
  { name: 'lFoot', from: 'lAnkle', to: 'lToe', side: 'l', radius: 0.035 },
  { name: 'rThigh', from: 'rHip', to: 'rKnee', side: 'r', radius: 0.075 },
  { name: 'rShin', from: 'rKnee', to: 'rAnkle', side: 'r', radius: 0.05 },
  { name: 'rFoot', from: 'rAnkle', to: 'rToe', side: 'r', radius: 0.035 },
];
export const BONE_INDEX: Record<string, number> = Object.fromEntries(BONES.map((b, i) => [b.name, i]));

/**
 * The 33 MediaPipe pose landmarks, each carried by one bone from a rest position on (or in) the mesh: joints where
 * MediaPipe marks a joint, surface points of the face, hand and foot placed on the rest mesh.
 */
export const LANDMARKS: readonly { name: string; bone: string; rest: V3 }[] = (() => {
  const face = (name: string, p: V3) => ({ name, bone: 'head', rest: p });
  const L = REST_JOINTS;
  const between = (a: V3, b: V3, t: number): V3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  const hand = (s: 'l' | 'r') => {
    const w = L[`${s}Wrist`], tip = L[`${s}HandTip`], sign = s === 'l' ? 1 : -1;
    return {
      pinky: { name: `${s === 'l' ? 'left' : 'right'}_pinky`, bone: `${s}Hand`, rest: [...between(w, tip, 0.75).slice(0, 2), between(w, tip, 0.75)[2] - 0.03] as V3 },
      index: { name: `${s === 'l' ? 'left' : 'right'}_index`, bone: `${s}Hand`, rest: [...between(w, tip, 0.8).slice(0, 2), between(w, tip, 0.8)[2] + 0.03] as V3 },
      thumb: { name: `${s === 'l' ? 'left' : 'right'}_thumb`, bone: `${s}Hand`, rest: [w[0] - 0.01 * sign, w[1] - 0.04, w[2] + 0.05] as V3 },
    };
  };
  const lh = hand('l'), rh = hand('r');
  const heel = (s: 'l' | 'r'): V3 => [L[`${s}Ankle`][0], 0.025, -0.035];
  return [
    face('nose', [0, 1.516, 0.158]),
    face('left_eye_inner', [0.017, 1.56, 0.128]),
    face('left_eye', [0.032, 1.562, 0.124]),
    face('left_eye_outer', [0.047, 1.561, 0.115]),
    face('right_eye_inner', [-0.017, 1.56, 0.128]),
    face('right_eye', [-0.032, 1.562, 0.124]),
    face('right_eye_outer', [-0.047, 1.561, 0.115]),
    face('left_ear', [0.075, 1.54, 0.03]),
    face('right_ear', [-0.075, 1.54, 0.03]),
    face('mouth_left', [0.024, 1.478, 0.128]),
    face('mouth_right', [-0.024, 1.478, 0.128]),
    { name: 'left_shoulder', bone: 'lUpperArm', rest: L.lShoulder },
    { name: 'right_shoulder', bone: 'rUpperArm', rest: L.rShoulder },
    { name: 'left_elbow', bone: 'lForearm', rest: L.lElbow },
    { name: 'right_elbow', bone: 'rForearm', rest: L.rElbow },
    { name: 'left_wrist', bone: 'lHand', rest: L.lWrist },
    { name: 'right_wrist', bone: 'rHand', rest: L.rWrist },
    lh.pinky, rh.pinky, lh.index, rh.index, lh.thumb, rh.thumb,
    { name: 'left_hip', bone: 'lThigh', rest: L.lHip },
    { name: 'right_hip', bone: 'rThigh', rest: L.rHip },
    { name: 'left_knee', bone: 'lShin', rest: L.lKnee },
    { name: 'right_knee', bone: 'rShin', rest: L.rKnee },
    { name: 'left_ankle', bone: 'lFoot', rest: L.lAnkle },
    { name: 'right_ankle', bone: 'rFoot', rest: L.rAnkle },
    { name: 'left_heel', bone: 'lFoot', rest: heel('l') },
    { name: 'right_heel', bone: 'rFoot', rest: heel('r') },
    { name: 'left_foot_index', bone: 'lFoot', rest: L.lToe },
    { name: 'right_foot_index', bone: 'rFoot', rest: L.rToe },
  ];
})();
