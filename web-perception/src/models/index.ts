/**
 * Perception models for the worker page (browser-only). Typical use:
 *
 *   const models = await createPerceptionModels(config.models, {
 *     modelsBase: '/models', ortWasmBase: '/ort/', mediapipeWasmBase: '/mediapipe/wasm',
 *   });
 *   const people = await models.detector!.detect(frame);               // persons, pixels, best first
 *   const poses = await models.pose!.estimate(frame, people.map((p) => p.box));
 *   const bodies = await models.body!.embed(frame, people.map((p) => p.box));   // L2-normalised
 *   const faces = await models.faceDetector!.detect(frame, { regions: people.map((p) => headRegion(p.box)) });
 *   const faceVecs = await models.face!.embed(frame, faces);           // aligned from eye keypoints
 *
 * Node-side helpers (serving the page, driving Chromium) live in ./node/ and are not exported here.
 */
export type { Backend, BodyEmbedder, Box, Detection, Detector, Face, FaceDetector, FaceEmbedder, ImageInput, PersonPose, PoseEstimator } from './types.ts';
export { ModelFileError, ModelShapeError, UnknownModelError } from './errors.ts';
export { chooseBackend, configureRuntime, type BackendChoice, type BackendPreference, type RuntimeOptions } from './backend.ts';
export { createPerceptionModels, createBodyEmbedder, addPoseWorkers, poseWorkerCount, type ModelsConfig, type ModelUrls, type PerceptionModels, type ModelRole } from './create.ts';
export { OnnxDetector, PERSON, detectorFamily } from './detector.ts';
export { MediapipePoseEstimator, personCrop, drawPoseCrop, poseFromCrop } from './pose.ts';
export { PoseWorkerPool, PoseWorkerError, type PoseLanePort } from './pose-pool.ts';
export { AppearanceStripesEmbedder, OnnxBodyEmbedder, stripeDescriptor } from './body.ts';
export { BlazefaceDetector, OnnxFaceEmbedder, alignFace, headRegion, FACE_EMBEDDERS } from './face.ts';
export { decodeNanodet } from './decoders/nanodet.ts';
export { decodeYolo, yoloLayout } from './decoders/yolo.ts';
export { decodeBlazeface } from './decoders/blazeface.ts';
export { nms, boxIou } from './decoders/nms.ts';
export type { ModelManifest, ManifestEntry } from './manifest.ts';
