/**
 * Warning signs in what a member tells the coach. A hit means: stop, get help, staff alerted; never medical advice.
 * Deliberately broad (a false alarm costs a trainer's glance; a miss can cost far more).
 */
export type RedFlagKind =
  | 'chest_pain'
  | 'dizziness'
  | 'fainting'
  | 'sharp_or_joint_pain'
  | 'short_of_breath'
  | 'unwell'
  | 'pregnancy_complication'
  | 'neurological';

const RULES: [RedFlagKind, RegExp][] = [
  ['chest_pain', /\b(chest|heart)\b[^.!?]{0,30}\b(pain|hurts?|hurting|tight(ness)?|pressure|ache|aching)\b|\b(pain|tightness|pressure)\b[^.!?]{0,20}\b(in|on) my chest\b|\bheart (is )?(racing|pounding|fluttering|skipping)\b|\b(palpitations?|irregular heart ?beat)\b/i],
  ['dizziness', /\b(dizzy|dizziness|light[- ]?headed|vertigo|head is spinning|room is spinning)\b/i],
  ['fainting', /\b(faint(ed|ing)?|pass(ed|ing)? out|black(ed|ing)? out|lost consciousness|collapsed?)\b/i],
  ['sharp_or_joint_pain', /\bsharp\b[^.!?]{0,20}\bpain\b|\bpain\b[^.!?]{0,20}\bsharp\b|\b(knee|shoulder|elbow|wrist|hip|ankle|back|neck|joint)s?\b[^.!?]{0,25}\b(pain|hurts?|hurting|popped|snapped|gave way)\b|\b(pain|hurts?)\b[^.!?]{0,20}\bin my (knee|shoulder|elbow|wrist|hip|ankle|back|neck|joints?)\b|\b(heard|felt) (a |something )?(pop|snap)\b|\b(severe|shooting|stabbing) pain\b/i],
  ['short_of_breath', /\b(short(ness)? of breath|can'?t (catch my )?breathe?|cannot breathe|struggling to breathe|breathless|out of breath and)\b/i],
  ['unwell', /\b(i|i'm|i am)\b[^.!?]{0,12}\b(feel(ing)?|am) (really |very |quite )?(unwell|sick|ill|nauseous|terrible|awful)\b|\bfeel(ing)? (really |very )?(unwell|nauseous)\b|\bgoing to (throw up|be sick|vomit)\b/i],
  ['pregnancy_complication', /\bpregnan\w*\b[^.!?]{0,40}\b(bleed\w*|pain|cramp\w*|contraction\w*|spotting|dizzy|unwell|complication\w*|leak\w*)\b|\b(bleed\w*|pain|cramp\w*|contraction\w*|spotting|complication\w*)\b[^.!?]{0,40}\bpregnan\w*\b/i],
  ['neurological', /\b(numb(ness)?|tingling)\b[^.!?]{0,20}\b(arm|face|jaw|left side)\b|\b(blurred|blurry|double) vision\b|\bslurred speech\b|\b(can'?t|cannot) (speak|talk) properly\b/i],
];

/** The warning signs in a message (empty: none). */
export function detectRedFlags(text: string): RedFlagKind[] {
  return RULES.filter(([, re]) => re.test(text)).map(([k]) => k);
}

/** What the coach says instead of coaching when a warning sign is described. */
export const RED_FLAG_REPLY =
  'Please stop exercising now. Sit or lie down somewhere safe and tell a member of staff straight away – ' +
  'I have alerted the staff on duty. If you have chest pain, trouble breathing, or feel faint, call the emergency ' +
  'number (112 / 999 / 911) now. I am a training coach and cannot give medical advice; please have this checked by a ' +
  'doctor before you train again.';
