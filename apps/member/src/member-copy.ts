/** The plain words the app uses for each consent and each health-screening question. */
import type { ConsentChoice, HealthScreeningAnswers } from '@gym/shared';

export const CONSENT_TEXT: Record<ConsentChoice, { title: string; yes: string; no: string }> = {
  face_identification: {
    title: 'Recognise my face',
    yes: 'The cameras compare faces with a stored face print of you, so the gym knows it is you without checking in. You can turn this off at any time; your face data is then deleted at once.',
    no: 'No face data is stored. You check in with the QR code in this app each visit.',
  },
  body_tracking: {
    title: 'Track my movement',
    yes: 'The cameras follow the outline of your body (joints, not video) to count reps and check your form.',
    no: 'No reps are counted and no form tips are given for you.',
  },
  coaching: {
    title: 'Coach me',
    yes: 'Your sets, reps and health answers are sent to an AI coach service to write tips and answer your questions.',
    no: 'No data goes to the coach service; the Coach tab stays off.',
  },
  clips: {
    title: 'Keep short clips of my sets',
    yes: 'A few seconds of video of each set is kept so you can watch it in History. Clips are deleted with your account.',
    no: 'No video of you is kept.',
  },
};

export const CONSENT_ORDER: ConsentChoice[] = ['face_identification', 'body_tracking', 'coaching', 'clips'];

export const SCREENING_QUESTIONS: { key: keyof HealthScreeningAnswers; text: string }[] = [
  { key: 'heartCondition', text: 'Has a doctor ever said you have a heart condition or high blood pressure?' },
  { key: 'chestPain', text: 'Do you feel pain in your chest at rest, in daily life, or when you exercise?' },
  { key: 'dizzinessOrFainting', text: 'Have you lost balance because of dizziness, or fainted, in the last 12 months?' },
  { key: 'chronicCondition', text: 'Have you been diagnosed with another long-term condition (other than heart disease or high blood pressure)?' },
  { key: 'medication', text: 'Do you take prescribed medicine for a long-term condition?' },
  { key: 'boneJointProblem', text: 'Do you have a bone, joint or soft-tissue problem (muscle, ligament, tendon) that exercise could make worse?' },
  { key: 'supervisedOnly', text: 'Has a doctor ever said you should only exercise under medical supervision?' },
  { key: 'pregnancy', text: 'Are you pregnant, or have you given birth in the last 6 months?' },
];

export const exerciseName = (id: string) => id.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
