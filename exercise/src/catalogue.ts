/**
 * The exercise catalogue: every exercise the engine recognises, as data (validated by `catalogue.schema.ts`).
 *
 * Units: angles in degrees; positions in torso lengths (mid-shoulder to mid-hip); image y grows downwards, so
 * `wristAboveShoulder` > 0 means the wrists are higher than the shoulders. Conditions are soft (sigmoid edges), so
 * thresholds are physical landmarks of the movement ("arms overhead", "torso horizontal"), not fitted numbers.
 * Recognition conditions favour features that survive x/y being scaled separately: ratios of distances along one
 * axis, signs of height differences, and which joints move rather than by exactly how many degrees.
 */
import { Catalogue, type Exercise } from './catalogue.schema.ts';
import { moreExercises } from './catalogue-more.ts';

type Signal = NonNullable<Exercise['signal']>;
type SignalInput = Omit<Signal, 'minPeriodMs' | 'maxPeriodMs'> & { minPeriodMs?: number; maxPeriodMs?: number };
export type ExerciseInput = Omit<Exercise, 'form' | 'signal' | 'altSignals' | 'recognise' | 'words' | 'hold'> & {
  words?: { rest?: string; far?: string };
  signal?: SignalInput;
  altSignals?: SignalInput[];
  hold?: { minMs?: number };
  recognise: unknown[];
  form?: unknown[];
};

const upright = { feature: 'torsoIncline', stat: 'rest', max: 40, soft: 8 } as const;
/** Hips well above the feet at rest (a vertical ratio: not lying, whatever the x/y scaling). */
const onFeet = { feature: 'hipAboveAnkle', stat: 'rest', min: 0.9, soft: 0.12 } as const;
/** Legs still (for arm exercises). */
const legsStill = { feature: 'knee', stat: 'amp', max: 30, soft: 6 } as const;
/** Facing the camera / seen from the side (from the head's turn, which x/y scaling does not change). */
const frontView = { feature: 'sideView', stat: 'rest', max: 0.3, soft: 0.06 } as const;
const sideView = { feature: 'sideView', stat: 'rest', min: 0.45, soft: 0.06 } as const;
/** Standing, legs still, straight arms raised from the sides to shoulder height (lateral and front raises). */
const armRaise = [
  upright,
  // Standing tall (a bent-over row raises the hands too, hinged).
  { feature: 'torsoIncline', stat: 'rest', max: 25, soft: 6 },
  onFeet,
  { feature: 'wristAboveShoulder', stat: 'rest', max: -0.5, soft: 0.12 },
  { feature: 'wristAboveShoulder', stat: 'far', max: 0.45, soft: 0.12 },
  { feature: 'elbowAboveShoulder', stat: 'far', min: -0.3, soft: 0.08 },
  // Arms long at the top (an upright row bends them); head-on, arms raised towards the camera look bent.
  // (Head-on, the hands stay shoulder-wide: an upright row's come together at the chest.)
  { anyOf: [[{ feature: 'elbow', stat: 'far', min: 120, soft: 10 }], [frontView, { feature: 'wristLateral', stat: 'far', min: -0.06, soft: 0.04 }]] },
  legsStill,
] as const;
/** Lying: torso clearly off vertical, or hips down at the level of the feet (x squashed makes a lying torso look steeper). */
const lying = {
  anyOf: [
    [{ feature: 'torsoIncline', stat: 'rest', min: 48, max: 125, soft: 8 }],
    [{ feature: 'hipAboveAnkle', stat: 'rest', max: 0.7, soft: 0.12 }, { feature: 'torsoIncline', stat: 'rest', min: 25, soft: 6 }],
  ],
} as const;

/** Clauses several exercises share (catalogue-more.ts uses them too). */
export interface SharedClauses { upright: unknown; onFeet: unknown; legsStill: unknown; lying: unknown; sideView: unknown; frontView: unknown }

const entries: ExerciseInput[] = [
  {
    name: 'squat',
    label: 'Squat',
    words: { rest: 'at the top', far: 'at the bottom' },
    // Hip height over the ankles: a vertical ratio, the same from every side and under any x/y scaling.
    signal: { feature: 'hipAboveAnkle', rest: 'high', minRange: 0.25, fullRange: 0.7, concentric: 'toRest', minPeriodMs: 600 },
    views: ['front', 'side', 'oblique'],
    recognise: [
      upright,
      onFeet,
      { feature: 'hipAboveAnkle', stat: 'amp', min: 0.3, soft: 0.06 },
      // The hips really go down in the frame (torso lengths), or the hands stay with the shoulders: a bent-over row
      // holds its hinge and pulls, and seen from the front or at 45° its hips still seem to sink against the
      // foreshortened torso (rendered: hip drop 0.18-0.23 in rows, 0.68-0.90 in squats; hands 0.62 vs ≤ 0.33).
      // (Box-normalised recordings hide the hips' drop: there the hands decide.)
      { anyOf: [[{ feature: 'hipY', stat: 'amp', min: 0.32, soft: 0.06 }], [{ feature: 'wristAboveShoulder', stat: 'amp', max: 0.45, soft: 0.06 }]] },
      // Knees bend as much as hips (not a hinge); from the front the knee angle is foreshortened.
      { anyOf: [[{ feature: 'knee', stat: 'amp', per: { feature: 'hip', stat: 'amp' }, min: 0.6, soft: 0.1 }], [frontView]] },
      { feature: 'torsoIncline', stat: 'amp', max: 55, soft: 8 },
      // Not a lunge: knees level at the bottom, feet planted.
      { feature: 'kneeYDiff', stat: 'far', max: 0.25, soft: 0.06 },
      { feature: 'ankleSpread', stat: 'amp', max: 0.5, soft: 0.1 },
      { feature: 'wristAboveShoulder', stat: 'rest', max: 0.5, soft: 0.15 },
      // The hands stay off the floor (a burpee's go down to it).
      { feature: 'wristAboveAnkle', stat: 'far', min: 0.2, soft: 0.06 },
    ],
    form: [
      // Depth needs the knee angle, which only a side or oblique view shows.
      { id: 'squat.depth', message: 'Squat deeper: bring your hips down to knee height.', when: [{ feature: 'knee', stat: 'far', min: 115 }, { feature: 'sideView', stat: 'rest', min: 0.3 }] },
      {
        id: 'squat.knee_valgus',
        message: 'Knees caving in: push them out over your toes.',
        severity: 'bad',
        when: [
          { feature: 'kneeSpreadRatio', stat: 'far', max: 0.72 },
          { feature: 'sideView', stat: 'rest', max: 0.3 },
        ],
      },
    ],
  },
  {
    name: 'deadlift',
    label: 'Deadlift',
    words: { rest: 'at the top', far: 'at the bottom' },
    signal: { feature: 'hip', rest: 'high', minRange: 35, fullRange: 80, concentric: 'toRest', minPeriodMs: 700 },
    // From the front the hinge is in depth: the hip angle and the torso's tilt barely move in the image, but the
    // shoulders drop towards the hips.
    altSignals: [{ feature: 'torsoRise', rest: 'high', minRange: 0.15, fullRange: 0.35, concentric: 'toRest', minPeriodMs: 700 }],
    views: ['side', 'oblique', 'front'],
    recognise: [
      upright,
      onFeet,
      { anyOf: [[{ feature: 'torsoIncline', stat: 'amp', min: 35, soft: 8 }], [{ feature: 'torsoRise', stat: 'amp', min: 0.2, soft: 0.05 }]] },
      { feature: 'knee', stat: 'amp', per: { feature: 'hip', stat: 'amp' }, max: 0.55, soft: 0.1 },
      { feature: 'hipAboveAnkle', stat: 'far', min: 0.7, soft: 0.15 },
      // Arms hang straight at the top (a swing's hands are still coming down from chest height at its top).
      { feature: 'wristAboveShoulder', stat: 'rest', max: -0.9, soft: 0.06 },
      // The bar stops at the shins (a burpee's hands go to the floor).
      { feature: 'wristAboveAnkle', stat: 'far', min: 0.1, soft: 0.05 },
    ],
    form: [
      {
        id: 'deadlift.back_rounding',
        message: 'Back rounding: keep your chest up and your spine neutral.',
        severity: 'bad',
        when: [{ feature: 'neckAngle', stat: 'far', min: 50 }],
      },
    ],
  },
  {
    name: 'lunge',
    label: 'Lunge',
    words: { rest: 'standing', far: 'at the bottom' },
    signal: { feature: 'kneeMin', rest: 'high', minRange: 35, fullRange: 85, concentric: 'toRest', minPeriodMs: 600 },
    // From the front the back knee points at the camera (its angle folds up or is not found): the hips sink.
    altSignals: [{ feature: 'hipAboveAnkle', rest: 'high', minRange: 0.25, fullRange: 0.55, concentric: 'toRest', minPeriodMs: 600 }],
    views: ['side', 'oblique', 'front'],
    recognise: [
      upright,
      onFeet,
      { anyOf: [[{ feature: 'kneeMin', stat: 'amp', min: 40, soft: 8 }], [{ feature: 'hipAboveAnkle', stat: 'amp', min: 0.3, soft: 0.06 }]] },
      // The torso stays upright, at rest and through the rep (a burpee's goes down to the floor).
      { feature: 'torsoIncline', stat: 'rest', max: 25, soft: 6 },
      { feature: 'torsoIncline', stat: 'amp', max: 30, soft: 6 },
      // Standing straight between reps: a sit-up seen from the feet also looks upright and on its feet, but its knees
      // stay bent (folded to 30-60° in the image).
      { feature: 'kneeMin', stat: 'rest', min: 130, soft: 15 },
      // One knee lower than the other at the bottom (seen from the front), or the feet stepping apart (from the side).
      { anyOf: [[{ feature: 'kneeYDiff', stat: 'far', min: 0.25, soft: 0.06 }], [{ feature: 'ankleSpread', stat: 'amp', min: 0.6, soft: 0.1 }]] },
    ],
    form: [{ id: 'lunge.depth', message: 'Lunge deeper: back knee towards the floor.', when: [{ feature: 'kneeMin', stat: 'far', min: 125 }] }],
  },
  {
    name: 'push_up',
    label: 'Push-up',
    words: { rest: 'at the top', far: 'at the bottom' },
    signal: { feature: 'elbow', rest: 'high', minRange: 35, fullRange: 85, concentric: 'toRest', minPeriodMs: 500 },
    views: ['side', 'oblique'],
    recognise: [
      lying,
      // Hands on the floor (a bent-over row hinges as far, standing, hands hanging); head-on, the feet are behind
      // the body and this says nothing.
      { anyOf: [[{ feature: 'wristAboveAnkle', stat: 'rest', max: 0.25, soft: 0.08 }], [{ feature: 'sideView', stat: 'rest', max: 0.2, soft: 0.05 }]] },
      { feature: 'wristAboveShoulder', stat: 'rest', max: -0.3, soft: 0.1 },
      { feature: 'elbow', stat: 'amp', min: 40, soft: 8 },
    ],
    form: [
      { id: 'push_up.hip_sag', message: 'Hips sagging: brace your core and keep a straight line.', when: [{ feature: 'bodyLine', stat: 'min', max: 155 }] },
      { id: 'push_up.depth', message: 'Go lower: chest towards the floor.', when: [{ feature: 'elbow', stat: 'far', min: 115 }] },
    ],
  },
  {
    name: 'bench_press',
    label: 'Bench press',
    words: { rest: 'at the top', far: 'at the bottom' },
    signal: { feature: 'elbow', rest: 'high', minRange: 35, fullRange: 85, concentric: 'toRest', minPeriodMs: 600 },
    views: ['side', 'oblique'],
    recognise: [
      lying,
      { feature: 'wristAboveShoulder', stat: 'rest', min: 0.4, soft: 0.1 },
      { feature: 'elbow', stat: 'amp', min: 40, soft: 8 },
      { feature: 'torsoIncline', stat: 'amp', max: 20, soft: 5 },
    ],
    form: [
      { id: 'bench_press.partial_lockout', message: 'Lock your arms out at the top.', when: [{ feature: 'elbow', stat: 'rest', max: 155 }] },
      { id: 'bench_press.asymmetry', message: 'Uneven press: push both arms together.', when: [{ feature: 'wristAsym', stat: 'far', min: 0.3 }] },
    ],
  },
  {
    name: 'pull_up',
    label: 'Pull-up',
    words: { rest: 'hanging', far: 'at the top' },
    signal: { feature: 'elbow', rest: 'high', minRange: 40, fullRange: 100, concentric: 'toFar', minPeriodMs: 700 },
    views: ['front', 'side', 'oblique'],
    recognise: [
      upright,
      onFeet,
      { feature: 'wristAboveShoulder', stat: 'rest', min: 0.6, soft: 0.12 },
      { feature: 'elbow', stat: 'amp', min: 40, soft: 8 },
      { feature: 'hipY', stat: 'amp', per: { feature: 'wristY', stat: 'amp' }, min: 1.5, soft: 0.3 },
    ],
    form: [{ id: 'pull_up.partial', message: 'Pull higher: chin over the bar.', when: [{ feature: 'elbow', stat: 'far', min: 115 }] }],
  },
  {
    name: 'shoulder_press',
    label: 'Shoulder press',
    words: { rest: 'at the bottom', far: 'at the top' },
    signal: { feature: 'elbow', rest: 'low', minRange: 40, fullRange: 85, concentric: 'toFar', minPeriodMs: 600 },
    // From the side the upper arm points at the camera at the bottom: the elbow angle hides in depth, the hands rise.
    altSignals: [{ feature: 'wristAboveShoulder', rest: 'low', minRange: 0.15, fullRange: 0.5, concentric: 'toFar', minPeriodMs: 600 }],
    views: ['front', 'side', 'oblique'],
    recognise: [
      upright,
      onFeet,
      { feature: 'wristAboveShoulder', stat: 'rest', min: -0.35, soft: 0.1 },
      { feature: 'wristAboveShoulder', stat: 'far', min: 0.55, soft: 0.12 },
      { feature: 'hipY', stat: 'amp', per: { feature: 'wristY', stat: 'amp' }, max: 0.6, soft: 0.15 },
      legsStill,
    ],
    form: [
      { id: 'shoulder_press.partial_lockout', message: 'Press all the way up: lock out overhead.', when: [{ feature: 'elbow', stat: 'far', max: 150 }] },
      { id: 'shoulder_press.asymmetry', message: 'Uneven press: push both arms together.', when: [{ feature: 'wristAsym', stat: 'far', min: 0.3 }] },
    ],
  },
  {
    name: 'biceps_curl',
    label: 'Biceps curl',
    words: { rest: 'at the bottom', far: 'at the top' },
    signal: { feature: 'elbow', rest: 'high', minRange: 45, fullRange: 110, concentric: 'toFar', minPeriodMs: 500 },
    views: ['front', 'side', 'oblique'],
    recognise: [
      upright,
      onFeet,
      { feature: 'shoulder', stat: 'far', max: 50, soft: 10 },
      { feature: 'wristAboveShoulder', stat: 'rest', max: -0.5, soft: 0.1 },
      { feature: 'elbow', stat: 'amp', min: 50, soft: 10 },
      // Arms long at the bottom (hands talking are held bent at the waist and swing half as far).
      { feature: 'elbow', stat: 'rest', min: 140, soft: 10 },
      { feature: 'elbowAboveShoulder', stat: 'far', max: -0.35, soft: 0.08 },
      // The hands move, the body does not (a dip is the other way round).
      { feature: 'hipY', stat: 'amp', per: { feature: 'wristY', stat: 'amp' }, max: 0.6, soft: 0.15 },
      legsStill,
    ],
    form: [
      { id: 'biceps_curl.swinging', message: 'Body swinging: keep your torso still and let the arms work.', when: [{ feature: 'torsoIncline', stat: 'range', min: 7 }] },
      { id: 'biceps_curl.partial', message: 'Curl all the way up.', when: [{ feature: 'elbow', stat: 'far', min: 90 }] },
    ],
  },
  {
    name: 'lateral_raise',
    label: 'Lateral raise',
    words: { rest: 'at the bottom', far: 'at the top' },
    signal: { feature: 'wristAboveShoulder', rest: 'low', minRange: 0.45, fullRange: 1, concentric: 'toFar', minPeriodMs: 600 },
    views: ['front', 'side', 'oblique'],
    recognise: [
      ...armRaise,
      { feature: 'ankleSpread', stat: 'amp', max: 0.25, soft: 0.06 },
      {
        anyOf: [
          [{ feature: 'wristLateral', stat: 'far', min: 0.5, soft: 0.1 }],
          // Oblique view: hands apart, not both to one side.
          [{ feature: 'wristLateral', stat: 'far', min: 0.25, soft: 0.06 }, { feature: 'wristForward', stat: 'far', max: 0.12, soft: 0.04 }],
          [
            sideView,
            { feature: 'wristForward', stat: 'far', max: 0.3, soft: 0.08 },
          ],
        ],
      },
    ],
    form: [{ id: 'lateral_raise.asymmetry', message: 'Arms uneven: raise both to shoulder height.', when: [{ feature: 'wristAsym', stat: 'far', min: 0.3 }] }],
  },
  {
    name: 'front_raise',
    label: 'Front raise',
    words: { rest: 'at the bottom', far: 'at the top' },
    signal: { feature: 'wristAboveShoulder', rest: 'low', minRange: 0.45, fullRange: 1, concentric: 'toFar', minPeriodMs: 600 },
    views: ['front', 'side', 'oblique'],
    recognise: [
      ...armRaise,
      {
        anyOf: [
          [{ feature: 'wristForward', stat: 'far', min: 0.5, soft: 0.1 }],
          // Oblique view: both hands to one side, not apart.
          [{ feature: 'wristForward', stat: 'far', min: 0.25, soft: 0.06 }, { feature: 'wristLateral', stat: 'far', max: 0.12, soft: 0.04 }],
          [
            frontView,
            { feature: 'wristLateral', stat: 'far', max: 0.3, soft: 0.08 },
            // Straight arms bring the hands up to the shoulders (an upright row's stop at the chest).
            { feature: 'wristAboveShoulder', stat: 'far', min: -0.1, soft: 0.05 },
          ],
        ],
      },
    ],
    form: [{ id: 'front_raise.asymmetry', message: 'Arms uneven: raise both to shoulder height.', when: [{ feature: 'wristAsym', stat: 'far', min: 0.3 }] }],
  },
  {
    name: 'jumping_jack',
    label: 'Jumping jack',
    words: { rest: 'feet together', far: 'at the top' },
    signal: { feature: 'wristAboveShoulder', rest: 'low', minRange: 0.8, fullRange: 2, concentric: 'toFar', minPeriodMs: 350 },
    views: ['front', 'oblique', 'side'],
    recognise: [
      upright,
      onFeet,
      { feature: 'wristAboveShoulder', stat: 'rest', max: -0.4, soft: 0.12 },
      // Hands overhead, or (arms only half up) the feet jumping apart.
      { anyOf: [[{ feature: 'wristAboveShoulder', stat: 'far', min: 0.4, soft: 0.12 }], [{ feature: 'ankleSpread', stat: 'amp', min: 0.3, soft: 0.06 }]] },
      // The torso stays tall (a swing or a deadlift seen from the front hinges: the shoulders drop to the hips).
      { feature: 'torsoRise', stat: 'amp', max: 0.15, soft: 0.05 },
    ],
    form: [{ id: 'jumping_jack.partial', message: 'Bring your hands all the way overhead.', when: [{ feature: 'wristAboveShoulder', stat: 'far', max: 0.5 }] }],
  },
  {
    name: 'sit_up',
    label: 'Sit-up',
    words: { rest: 'lying', far: 'at the top' },
    signal: { feature: 'torsoIncline', rest: 'high', minRange: 30, fullRange: 65, concentric: 'toFar', minPeriodMs: 700 },
    views: ['side', 'oblique'],
    recognise: [
      { feature: 'torsoIncline', stat: 'rest', min: 50, soft: 8 },
      { feature: 'torsoIncline', stat: 'amp', min: 30, soft: 8 },
      // Sitting up, the hips are still down at the level of the feet (not a standing hinge).
      { feature: 'hipAboveAnkle', stat: 'far', max: 0.7, soft: 0.12 },
      // The hips stay down (a hip thrust raises them).
      { feature: 'hipAboveAnkle', stat: 'amp', max: 0.3, soft: 0.08 },
      { feature: 'knee', stat: 'rest', max: 140, soft: 10 },
    ],
    form: [{ id: 'sit_up.partial', message: 'Come all the way up.', when: [{ feature: 'torsoIncline', stat: 'far', min: 55 }] }],
  },
  ...moreExercises({ upright, onFeet, legsStill, lying, sideView, frontView }),
];

/** Validates a catalogue (throws a ZodError naming the bad field). */
export function parseCatalogue(input: unknown): Catalogue {
  return Catalogue.parse(input);
}

/** The built-in catalogue, validated at import. */
export const CATALOGUE: Catalogue = parseCatalogue(entries);
