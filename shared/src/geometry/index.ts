export * from './homography.ts';
export * from './polygon.ts';
