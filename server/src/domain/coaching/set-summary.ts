/**
 * Summaries after a set or a session (pure): the basic coach's deterministic one, and the check a model's
 * summary must pass before it is sent: every number in it must be one of the stored numbers it is about (reps,
 * the change since last time, range %, tempo seconds, form-finding counts, set counts, dates); a single other
 * number and the basic summary goes out instead.
 */
import { BASIC_COACH_INTRO, describeSet, label, type SetFact } from './basic-coach.ts';
import { HOLD_WHY, type IntensityHold } from './screening.ts';

export interface Summary {
  headline: string;
  body: string;
  suggestions: string[];
}

const topIssue = (s: SetFact) => Object.entries(s.formIssues).sort((a, b) => b[1] - a[1])[0] ?? null;

function suggestionsFor(latest: SetFact, previous: SetFact | null, hold: IntensityHold | null): string[] {
  const top = topIssue(latest);
  const out: string[] = [];
  if (top) out.push(`Next set, focus on ${label(top[0])}: slow down and keep it under control.`);
  if (hold === 'clearance') out.push('Keep the load as it is until a staff member has cleared your health screening.');
  else if (hold) out.push(`Keep the load as it is: ${HOLD_WHY[hold]}.`);
  else if (!top && previous && latest.reps >= previous.reps) out.push('Clean reps: keep this load until it feels easy, then add a little.');
  if (!out.length) out.push('Keep the same tempo on your next set.');
  return out.slice(0, 2);
}

function comparison(latest: SetFact, previous: SetFact | null): string {
  if (!previous) return 'This is the first session I have for this exercise.';
  const d = latest.reps - previous.reps;
  const how = d > 0 ? `${d} more rep${d === 1 ? '' : 's'} than` : d < 0 ? `${-d} fewer rep${d === -1 ? '' : 's'} than` : 'the same reps as';
  return `That is ${how} last time (${describeSet(previous)}).`;
}

export function basicSetSummary(latest: SetFact, previous: SetFact | null, hold: IntensityHold | null): Summary {
  return {
    headline: `${latest.reps} reps of ${label(latest.exercise)}`,
    body: `${BASIC_COACH_INTRO} ${describeSet(latest)}. ${comparison(latest, previous)}`,
    suggestions: suggestionsFor(latest, previous, hold),
  };
}

/** A session: its sets (oldest first) and, per exercise, the previous session's latest set of it. */
export function basicSessionSummary(sessionSets: SetFact[], previousOf: (exercise: string) => SetFact | null, hold: IntensityHold | null): Summary {
  const total = sessionSets.reduce((n, s) => n + s.reps, 0);
  const exercises = [...new Set(sessionSets.map((s) => s.exercise))];
  const lines = exercises.map((e) => {
    const of = sessionSets.filter((s) => s.exercise === e);
    const best = of.reduce((b, s) => (s.reps > b.reps ? s : b));
    return `${label(e)}: ${of.length} set${of.length === 1 ? '' : 's'}, best ${describeSet(best)}. ${comparison(best, previousOf(e))}`;
  });
  const last = sessionSets.at(-1)!;
  return {
    headline: `${sessionSets.length} set${sessionSets.length === 1 ? '' : 's'}, ${total} reps`,
    body: `${BASIC_COACH_INTRO} ${lines.join(' ')}`,
    suggestions: suggestionsFor(last, previousOf(last.exercise), hold),
  };
}

export const summaryText = (s: Summary) => [s.headline, s.body, ...s.suggestions.map((x) => `• ${x}`)].join('\n');

/** The numbers a summary of these sets may use, as they would be written. */
export function allowedNumbers(sets: SetFact[], previous: (SetFact | null)[]): Set<string> {
  const out = new Set<string>(['1', String(sets.length)]);
  const add = (s: SetFact) => {
    out.add(String(s.reps));
    if (s.meanRom !== null) out.add(String(Math.round(s.meanRom * 100)));
    for (const ms of [s.meanConcentricMs, s.meanEccentricMs]) if (ms !== null) {
      out.add((ms / 1000).toFixed(1));
      out.add(String(Math.round(ms / 1000)));
    }
    for (const n of Object.values(s.formIssues)) out.add(String(n));
    out.add(s.startedAt.toISOString().slice(0, 10));
  };
  sets.forEach(add);
  out.add(String(sets.reduce((n, s) => n + s.reps, 0)));
  for (const p of previous) if (p) {
    add(p);
    for (const s of sets) if (s.exercise === p.exercise) out.add(String(Math.abs(s.reps - p.reps)));
  }
  return out;
}

/** Numbers written in the text: ISO dates as one token, integers and decimals ("1.3" is one number, "1,300" two). */
export const numbersIn = (text: string): string[] => [...text.matchAll(/\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?/g)].map((m) => m[0]);

export function summaryNumbersOk(s: Summary, allowed: Set<string>): { ok: boolean; bad: string[] } {
  const bad = [s.headline, s.body, ...s.suggestions].flatMap(numbersIn).filter((n) => !allowed.has(n) && !allowed.has(String(Number(n))));
  return { ok: bad.length === 0, bad };
}

const INTENSITY_ADVICE = [
  /\b(add(ing)?|put on) (a (little|bit|touch)( of)? |some |more |an? |another )?(weight|load|kg|plates?|reps?|sets?)\b/,
  /\b(try|do|aim for|go for) (\w+ )?more (weight|load|reps|sets)\b/,
  /\b(increase|increasing|raise|raising) (the |your )?(weight|load|reps|sets|intensity)\b/,
  /\b(heavier|push harder|go up in weight|bump (it|the weight) up|progressive overload)\b/,
  /\b(more|extra) (weight|load|intensity)\b/,
  // A load amount ("go for 60 kg", "add 5 lb"): while on hold the coach names none.
  /\b\d+(\.\d+)?\s?(kg|kilos?|lbs?|pounds)\b/,
];

/** Advice to raise load, reps or intensity in free text (held back while a PAR-Q+ "yes" awaits staff clearance). */
export const textGivesIntensityAdvice = (text: string): boolean => INTENSITY_ADVICE.some((re) => new RegExp(re.source, 'i').test(text));

/** The same check over a summary's parts. */
export const givesIntensityAdvice = (s: Summary): boolean => textGivesIntensityAdvice([s.headline, s.body, ...s.suggestions].join(' '));
