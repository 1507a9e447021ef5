/** Per-camera multi-object tracking (ByteTrack-style). Pure TS: runs in the page, a Web Worker or Node. */
export { ByteTracker, DEFAULT_TRACKER_OPTIONS, type ByteTrackerOptions, type Detection, type TrackOutput, type TrackState } from './byte-tracker.ts';
export { iou, iouMatrix, type BoxXYWH } from './box.ts';
export { linearAssignment, greedyAssignment, type Assignment } from './assignment.ts';
export { KalmanBoxFilter } from './kalman-box-filter.ts';
export { IdentityCounter, type IdentityCounts, type LabelledBox } from './track-metrics.ts';
