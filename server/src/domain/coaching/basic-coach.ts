import { HOLD_NEXT, HOLD_WHY, type IntensityHold } from './screening.ts';

/**
 * The basic coach: a deterministic answer built from the member's stored sets (no LLM). Used when there is no API
 * key, or the API errors, times out or stalls. Always says that it is the basic coach; answers in microseconds.
 */
export interface SetFact {
  setId: string;
  sessionId: string;
  exercise: string;
  startedAt: Date;
  reps: number;
  /** Mean range of motion over the set's reps (0..1 of the exercise's full range), null without rep rows. */
  meanRom: number | null;
  /** Mean concentric / eccentric time, ms. */
  meanConcentricMs: number | null;
  meanEccentricMs: number | null;
  /** Form findings of the set, rule → count. */
  formIssues: Record<string, number>;
}

export interface MemberFacts {
  /** Newest first. */
  sets: SetFact[];
  goals: string;
  injuryNotes: string;
  /** Why intensity advice is held back (a PAR-Q+ "yes" not yet cleared, no screening, or one over 12 months old); null: allowed. */
  intensityHold: IntensityHold | null;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The chat answer while a hold is on and the model's answer gave load or intensity advice (replaced by this). */
export function intensityHoldReply(hold: IntensityHold): string {
  return `${cap(HOLD_WHY[hold])}, so I can’t suggest changing weight, reps or intensity yet. ${HOLD_NEXT[hold]}; until then, keep to what you already do comfortably.`;
}

/** The reply for a PAR-Q+ "yes" awaiting staff clearance. */
export const INTENSITY_HOLD_REPLY = intensityHoldReply('clearance');

/** One sentence for answers and summaries: the hold and its reason. */
export const holdSentence = (hold: IntensityHold) => `I won’t suggest changing weight or intensity: ${HOLD_WHY[hold]}.`;

export const BASIC_COACH_INTRO = "I'm the basic coach (the AI coach isn't available right now), so here are your numbers.";

/** `squat.knee_valgus` → `knee valgus` (form rules carry their exercise as a prefix). */
export const label = (e: string) => e.replace(/^[a-z_]+\./, '').replace(/[_-]+/g, ' ');
const pct = (x: number) => `${Math.round(x * 100)}%`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The exercise a question is about: one named in it, else the latest one trained. */
export function exerciseOf(question: string, sets: SetFact[]): string | null {
  const q = question.toLowerCase();
  const named = [...new Set(sets.map((s) => s.exercise))].find((e) => q.includes(label(e).toLowerCase()) || q.includes(e.toLowerCase()));
  return named ?? sets[0]?.exercise ?? null;
}

export function describeSet(s: SetFact): string {
  const parts = [`${s.reps} reps of ${label(s.exercise)} on ${s.startedAt.toISOString().slice(0, 10)}`];
  if (s.meanRom !== null) parts.push(`range ${pct(s.meanRom)}`);
  if (s.meanConcentricMs !== null && s.meanEccentricMs !== null) parts.push(`tempo ${sec(s.meanConcentricMs)} up / ${sec(s.meanEccentricMs)} down`);
  const issues = Object.entries(s.formIssues).sort((a, b) => b[1] - a[1]);
  if (issues.length) parts.push(`form: ${issues.map(([r, n]) => `${label(r)} ×${n}`).join(', ')}`);
  return parts.join(', ');
}

/** The latest set of the exercise and the one from the session before (last time), if any. */
export function lastTimeComparison(exercise: string, sets: SetFact[]): { latest: SetFact; previous: SetFact | null } | null {
  const of = sets.filter((s) => s.exercise === exercise);
  const latest = of[0];
  if (!latest) return null;
  return { latest, previous: of.find((s) => s.sessionId !== latest.sessionId) ?? null };
}

/** A technique note from the knowledge base, cited by slug. */
export interface NoteRef {
  slug: string;
  title: string;
  body: string;
}

/** What to search the knowledge base for: the question, the exercise it is about and its latest form issue. */
export function knowledgeQuery(question: string, facts: MemberFacts): string {
  const exercise = exerciseOf(question, facts.sets);
  if (!exercise) return question;
  const latest = lastTimeComparison(exercise, facts.sets)?.latest;
  const top = latest ? Object.entries(latest.formIssues).sort((a, b) => b[1] - a[1])[0] : undefined;
  return [question, label(exercise), top ? label(top[0]) : ''].join(' ');
}

export function basicCoachAnswer(question: string, facts: MemberFacts, notes: NoteRef[] = []): string {
  const note = notes[0];
  const tip = note ? ` From the gym's technique notes [${note.slug}] (${note.title}): ${note.body.split(/(?<=[.!?])\s/)[0]}` : '';
  return basicAnswer(question, facts) + tip;
}

function basicAnswer(question: string, facts: MemberFacts): string {
  const lines = [BASIC_COACH_INTRO];
  if (!facts.sets.length) {
    lines.push('I have no sets stored for you yet. Train in view of a camera and ask me again afterwards.');
    return lines.join(' ');
  }
  const exercise = exerciseOf(question, facts.sets)!;
  const cmp = lastTimeComparison(exercise, facts.sets)!;
  lines.push(`Your latest ${label(exercise)} set: ${describeSet(cmp.latest)}.`);
  if (cmp.previous) {
    const d = cmp.latest.reps - cmp.previous.reps;
    const how = d > 0 ? `${d} more rep${d === 1 ? '' : 's'} than` : d < 0 ? `${-d} fewer rep${d === -1 ? '' : 's'} than` : 'the same reps as';
    lines.push(`That is ${how} last time (${describeSet(cmp.previous)}).`);
  } else lines.push('This is the first session I have for this exercise, so there is nothing to compare with yet.');
  const top = Object.entries(cmp.latest.formIssues).sort((a, b) => b[1] - a[1])[0];
  if (top) lines.push(`Focus next time on ${label(top[0])}: it came up ${top[1]} time${top[1] === 1 ? '' : 's'}.`);
  if (facts.intensityHold) lines.push(holdSentence(facts.intensityHold));
  else if (!top && cmp.previous && cmp.latest.reps > cmp.previous.reps) lines.push('Form looked clean and reps went up: keep the same load until it feels easy, then add a little.');
  const others = [...new Set(facts.sets.map((s) => s.exercise))].filter((e) => e !== exercise);
  if (others.length) lines.push(`Also recently: ${others.slice(0, 4).map(label).join(', ')}.`);
  return lines.join(' ');
}
