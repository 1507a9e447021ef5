/** Per-camera perception: sampling, the inference-worker boundary, models → tracks → quality-gated embeddings. */
export { CameraPipeline, normaliseBox, occlusionOf, type CameraPipelineOptions, type InputFrame, type PipelineResult, type TrackResult } from './camera-pipeline.ts';
export { FrameSampler } from './frame-sampler.ts';
export { QualityGate, DEFAULT_GATE, frontalFaceWidthPx, meanVisibility, type QualityGateOptions, type GateInput } from './quality-gate.ts';
export { StageTimer } from './stage-timer.ts';
export { PerceptionRunner, type PerceptionRunnerOptions, type Analyse, type FrameSink, type OfferedFrame } from './perception-runner.ts';
export { startPerception, type StartPerceptionOptions, type Perception } from './start-perception.ts';
export { InferenceClient, InferenceError } from './inference-client.ts';
export { serveInference, type InferenceHostOptions } from './inference-host.ts';
export { releaseImage, type PortLike, type HostMessage, type ClientMessage, type FrameRequest } from './inference-protocol.ts';
export { PERSON_CLASS, type PipelineModels, type DetectorPort, type PosePort, type BodyEmbedderPort, type FaceDetectorPort, type FaceEmbedderPort, type FaceLike } from './model-ports.ts';
