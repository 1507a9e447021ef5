export * from './vectors.ts';
export * from './face-match.ts';
export * from './topology.ts';
export * from './reid.ts';
export * from './clustering.ts';
