export { connectSignaling, request, SignalingRequestError, type SignalingSocket } from './signaling-client.ts';
export { CameraStream, loadDevice, type StreamState } from './camera-stream.ts';
export { FrameMonitor, type FrameStats, type FrameMonitorOptions } from './frame-monitor.ts';
export { decodeStamp, stampAgeMs, type Stamp } from './stamp.ts';
