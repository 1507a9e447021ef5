/**
 * The catalogue past its first twelve: rows, dips, hip thrusts, kettlebell swings, burpees, mountain climbers and
 * the timed holds (plank, wall-sit). Same conventions as catalogue.ts (units, soft conditions, features that
 * survive x/y scaling); the shared clauses are defined there and passed in.
 */
import type { ExerciseInput, SharedClauses } from './catalogue.ts';

export function moreExercises(c: SharedClauses): ExerciseInput[] {
  const { upright, onFeet, legsStill, lying, sideView, frontView } = c;
  return [
    {
      name: 'upright_row',
      label: 'Upright row',
      words: { rest: 'at the bottom', far: 'at the top' },
      signal: { feature: 'wristAboveShoulder', rest: 'low', minRange: 0.4, fullRange: 0.85, concentric: 'toFar', minPeriodMs: 600 },
      views: ['front', 'side', 'oblique'],
      recognise: [
        upright,
        onFeet,
        legsStill,
        { feature: 'wristAboveShoulder', stat: 'rest', max: -0.5, soft: 0.1 },
        // Hands up to the chest, not overhead; the elbows lead, bent, up to shoulder height.
        { feature: 'wristAboveShoulder', stat: 'far', min: -0.4, max: 0.35, soft: 0.1 },
        { feature: 'elbowAboveShoulder', stat: 'far', min: -0.2, soft: 0.06 },
        { feature: 'elbow', stat: 'far', max: 100, soft: 10 },
        // Hands close together at the chest: narrower than the shoulders (a front raise's stay shoulder-wide, and
        // head-on its straight arms look bent); from the side the bend itself shows.
        // Head-on with a shoulder-wide grip: the elbows reach shoulder height while the hands stop at the chest
        // (a front raise's straight arms bring the hands up with the elbows).
        {
          anyOf: [
            [{ feature: 'wristLateral', stat: 'far', max: -0.08, soft: 0.06 }],
            [sideView],
            [frontView, { feature: 'wristAboveShoulder', stat: 'far', max: -0.1, soft: 0.05 }],
          ],
        },
      ],
      form: [{ id: 'upright_row.too_high', message: 'Stop with your elbows at shoulder height.', when: [{ feature: 'elbowAboveShoulder', stat: 'far', min: 0.4 }] }],
    },
    {
      name: 'bent_over_row',
      label: 'Bent-over row',
      words: { rest: 'arms long', far: 'at the top' },
      signal: { feature: 'elbow', rest: 'high', minRange: 30, fullRange: 70, concentric: 'toFar', minPeriodMs: 600 },
      views: ['side', 'oblique'],
      recognise: [
        // Hinged forward and holding it (not lying, not standing up between reps), on the feet.
        { feature: 'torsoIncline', stat: 'rest', min: 30, max: 80, soft: 6 },
        { feature: 'torsoIncline', stat: 'amp', max: 15, soft: 5 },
        onFeet,
        // The hands hang (a push-up's are on the floor).
        { feature: 'wristAboveAnkle', stat: 'rest', min: 0.2, soft: 0.06 },
        { feature: 'wristAboveShoulder', stat: 'rest', max: -0.4, soft: 0.1 },
        { feature: 'elbow', stat: 'amp', min: 30, soft: 8 },
      ],
      form: [{ id: 'bent_over_row.torso_rising', message: 'Keep your torso still: hinge and hold, pull with the arms.', when: [{ feature: 'torsoIncline', stat: 'range', min: 20 }] }],
    },
    {
      name: 'dip',
      label: 'Dip',
      words: { rest: 'at the top', far: 'at the bottom' },
      signal: { feature: 'elbow', rest: 'high', minRange: 35, fullRange: 80, concentric: 'toRest', minPeriodMs: 600 },
      views: ['side', 'oblique'],
      recognise: [
        upright,
        { feature: 'wristAboveShoulder', stat: 'rest', max: -0.7, soft: 0.1 },
        { feature: 'elbow', stat: 'amp', min: 35, soft: 8 },
        // The body moves, the hands stay on the bars (a curl is the other way round).
        { feature: 'hipY', stat: 'amp', per: { feature: 'wristY', stat: 'amp' }, min: 1.5, soft: 0.3 },
        // The feet go down with the body (off the floor, or bent behind): the hips keep their height over them,
        // where a squat's drop towards the feet.
        { feature: 'hipAboveAnkle', stat: 'amp', max: 0.2, soft: 0.06 },
      ],
      form: [{ id: 'dip.depth', message: 'Go lower: upper arms level with the floor.', when: [{ feature: 'elbow', stat: 'far', min: 115 }] }],
    },
    {
      name: 'hip_thrust',
      label: 'Hip thrust',
      words: { rest: 'hips down', far: 'hips up' },
      // Hip height over the feet (the hip angle passes 180° at lockout and would fold back).
      signal: { feature: 'hipAboveAnkle', rest: 'low', minRange: 0.25, fullRange: 0.6, concentric: 'toFar', minPeriodMs: 700 },
      views: ['side', 'oblique'],
      recognise: [
        lying,
        { feature: 'knee', stat: 'rest', max: 130, soft: 10 },
        // The hips rise off the floor (a sit-up keeps them down), the arms stay still (not a press).
        { feature: 'hipAboveAnkle', stat: 'amp', min: 0.3, soft: 0.08 },
        { feature: 'elbow', stat: 'amp', max: 45, soft: 10 },
      ],
      form: [{ id: 'hip_thrust.lockout', message: 'Drive your hips all the way up: shoulders, hips and knees in a line.', when: [{ feature: 'hip', stat: 'far', max: 155 }] }],
    },
    {
      name: 'kettlebell_swing',
      label: 'Kettlebell swing',
      words: { rest: 'standing tall', far: 'at the bottom' },
      signal: { feature: 'hip', rest: 'high', minRange: 35, fullRange: 75, concentric: 'toRest', minPeriodMs: 700 },
      // From the front the hinge is in depth (as a deadlift's): the shoulders drop towards the hips.
      altSignals: [{ feature: 'torsoRise', rest: 'high', minRange: 0.15, fullRange: 0.35, concentric: 'toRest', minPeriodMs: 700 }],
      views: ['side', 'oblique', 'front'],
      recognise: [
        upright,
        onFeet,
        { anyOf: [[{ feature: 'torsoIncline', stat: 'amp', min: 35, soft: 8 }], [{ feature: 'torsoRise', stat: 'amp', min: 0.2, soft: 0.05 }]] },
        // Straight arms swung up in front to shoulder height at the top (a deadlift's hands stay low).
        { feature: 'wristAboveShoulder', stat: 'rest', min: -0.45, soft: 0.12 },
        { feature: 'wristAboveShoulder', stat: 'amp', min: 0.5, soft: 0.1 },
      ],
      form: [{ id: 'kettlebell_swing.squatting', message: 'Hinge, don’t squat: push the hips back and keep the shins upright.', when: [{ feature: 'knee', stat: 'far', max: 120 }, { feature: 'sideView', stat: 'rest', min: 0.3 }] }],
    },
    {
      name: 'burpee',
      label: 'Burpee',
      words: { rest: 'standing', far: 'in the plank' },
      // The torso from upright to the plank (the hips' height hardly differs between the crouch and the plank).
      signal: { feature: 'torsoIncline', rest: 'low', minRange: 35, fullRange: 70, concentric: 'toRest', minPeriodMs: 800 },
      // Head-on the plank is in depth: the shoulders come down to the hips' height instead of tilting.
      altSignals: [{ feature: 'torsoRise', rest: 'high', minRange: 0.2, fullRange: 0.45, concentric: 'toRest', minPeriodMs: 800 }],
      views: ['side', 'oblique', 'front'],
      recognise: [
        upright,
        onFeet,
        // From standing all the way down to a plank: the torso near horizontal (or, head-on, the shoulders down to
        // the hips), hands on the floor.
        {
          anyOf: [
            [{ feature: 'torsoIncline', stat: 'far', min: 40, soft: 8 }, { feature: 'torsoIncline', stat: 'amp', min: 35, soft: 8 }],
            [{ feature: 'torsoRise', stat: 'amp', min: 0.3, soft: 0.06 }],
          ],
        },
        { feature: 'hipAboveAnkle', stat: 'amp', min: 0.3, soft: 0.08 },
        { feature: 'wristAboveAnkle', stat: 'far', max: 0.25, soft: 0.08 },
      ],
      form: [],
    },
    {
      name: 'mountain_climber',
      label: 'Mountain climber',
      words: { rest: 'in the plank', far: 'knee in' },
      signal: { feature: 'kneeMin', rest: 'high', minRange: 40, fullRange: 100, concentric: 'toFar', minPeriodMs: 300 },
      views: ['side', 'oblique'],
      recognise: [
        lying,
        { feature: 'wristAboveAnkle', stat: 'rest', max: 0.25, soft: 0.08 },
        { feature: 'wristAboveShoulder', stat: 'rest', max: -0.3, soft: 0.1 },
        { feature: 'kneeMin', stat: 'amp', min: 45, soft: 8 },
        { feature: 'elbow', stat: 'amp', max: 25, soft: 6 },
      ],
      form: [{ id: 'mountain_climber.short', message: 'Drive the knee further in, towards your chest.', when: [{ feature: 'kneeMin', stat: 'far', min: 120 }] }],
    },
    {
      name: 'plank',
      label: 'Plank',
      words: { rest: 'holding', far: 'holding' },
      hold: { minMs: 8000 },
      views: ['side', 'oblique'],
      recognise: [
        lying,
        { feature: 'wristAboveAnkle', stat: 'rest', max: 0.25, soft: 0.08 },
        { feature: 'wristAboveShoulder', stat: 'rest', max: -0.3, soft: 0.1 },
        { feature: 'bodyLine', stat: 'rest', min: 160, soft: 8 },
      ],
      form: [],
    },
    {
      name: 'wall_sit',
      label: 'Wall sit',
      words: { rest: 'holding', far: 'holding' },
      hold: { minMs: 8000 },
      views: ['front', 'side', 'oblique'],
      recognise: [
        upright,
        // Thighs level with the floor, knees bent near a right angle, not down on the floor.
        { feature: 'hipAboveKnee', stat: 'rest', max: 0.3, soft: 0.08 },
        // Head-on the thighs point at the camera and the knee angle looks open; the hips level with the knees show it.
        { anyOf: [[{ feature: 'knee', stat: 'rest', min: 60, max: 125, soft: 10 }], [frontView]] },
        { feature: 'hipAboveAnkle', stat: 'rest', min: 0.5, soft: 0.1 },
      ],
      form: [],
    },
  ];
}
