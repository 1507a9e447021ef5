/**
 * Exercise engine: skeleton streams in, exercise / rep / set / form events out. Pure domain code (no I/O).
 * See docs/exercise-engine.md.
 */
export { createExerciseEngine, type ExerciseEngine } from './engine.ts';
export { PersonEngine } from './person-engine.ts';
export { CATALOGUE, parseCatalogue } from './catalogue.ts';
export { Catalogue, Exercise, FormRule, Condition } from './catalogue.schema.ts';
export { FEATURES, type FeatureName } from './features.ts';
export { summarise, type RecordingSummary } from './summary.ts';
export type * from './types.ts';
