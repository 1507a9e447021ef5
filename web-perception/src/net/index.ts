/** Worker → server: binary packing of perception frames and the backpressured socket.io sender. */
export { PerceptionSender, type PerceptionSenderOptions, type SendResult, type SenderStats, type SenderLogger, type WorkerSocket } from './perception-sender.ts';
export { packSkeleton, unpackSkeleton, packVector, toWireFrame, toWireTrack, packFrame, payloadBytes, SKELETON_FLOATS, type FrameDraft, type TrackDraft, type PackedFloats } from './packing.ts';
