/** MediaPipe Pose landmark order (33 entries): the skeleton every part of the system speaks. */
export const POSE_LANDMARKS = [
  'nose', 'left_eye_inner', 'left_eye', 'left_eye_outer', 'right_eye_inner', 'right_eye', 'right_eye_outer',
  'left_ear', 'right_ear', 'mouth_left', 'mouth_right', 'left_shoulder', 'right_shoulder', 'left_elbow',
  'right_elbow', 'left_wrist', 'right_wrist', 'left_pinky', 'right_pinky', 'left_index', 'right_index',
  'left_thumb', 'right_thumb', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
  'left_heel', 'right_heel', 'left_foot_index', 'right_foot_index',
] as const;

export type LandmarkName = (typeof POSE_LANDMARKS)[number];
export const LANDMARK_COUNT = 33;
/** Index of each landmark by name, e.g. `LM.left_knee === 25`. */
export const LM = Object.fromEntries(POSE_LANDMARKS.map((n, i) => [n, i])) as Record<LandmarkName, number>;

/** One landmark: x, y (normalised to the image or person box), z (relative depth), visibility 0..1. */
export type Landmark = [x: number, y: number, z: number, visibility: number];
export type Skeleton = Landmark[];
