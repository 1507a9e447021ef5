/**
 * Signals watched for the periodicity fallback: a repeated movement that matches no catalogue exercise is still
 * counted from the one of these that cycles most regularly. Only changes of body shape count (joint angles, limbs
 * relative to the trunk), never the body moving as a whole, so swaying or shifting weight is not a rep.
 */
import type { FeatureName } from './features.ts';

export interface GenericSignal {
  feature: FeatureName;
  minRange: number;
  fullRange: number;
  /** This is a left signal and the next one its right twin (their alternation is one movement). */
  pairWithNext?: true;
}

export const GENERIC_SIGNALS: readonly GenericSignal[] = [
  { feature: 'elbowL', pairWithNext: true, minRange: 40, fullRange: 90 },
  { feature: 'elbowR', minRange: 40, fullRange: 90 },
  { feature: 'kneeL', pairWithNext: true, minRange: 40, fullRange: 90 },
  { feature: 'kneeR', minRange: 40, fullRange: 90 },
  { feature: 'hipL', pairWithNext: true, minRange: 35, fullRange: 80 },
  { feature: 'hipR', minRange: 35, fullRange: 80 },
  { feature: 'shoulderL', pairWithNext: true, minRange: 40, fullRange: 90 },
  { feature: 'shoulderR', minRange: 40, fullRange: 90 },
  { feature: 'torsoIncline', minRange: 35, fullRange: 70 },
  { feature: 'wristAboveShoulder', minRange: 0.5, fullRange: 1 },
  { feature: 'hipAboveAnkle', minRange: 0.45, fullRange: 1 },
];
