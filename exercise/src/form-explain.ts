/**
 * Explained form cues: a form rule fires on measured values, and the lifter should see them. The rule's first
 * condition (or the one `explain` names) is the measured one: its value on the rep, the threshold, and which way
 * to go ("knee angle 118° at the bottom; aim for under 115°").
 */
import type { Condition, Exercise, FormRule } from './catalogue.schema.ts';
import { conditionValue, type RepView } from './classifier.ts';
import type { FeatureName } from './features.ts';
import type { FormMeasurement } from './types.ts';

/** How each feature reads to a person, and its unit. */
const INFO: Partial<Record<FeatureName, { label: string; unit: string; digits: number }>> = {
  elbow: { label: 'elbow angle', unit: '°', digits: 0 },
  elbowL: { label: 'left elbow angle', unit: '°', digits: 0 },
  elbowR: { label: 'right elbow angle', unit: '°', digits: 0 },
  knee: { label: 'knee angle', unit: '°', digits: 0 },
  kneeMin: { label: 'front knee angle', unit: '°', digits: 0 },
  kneeL: { label: 'left knee angle', unit: '°', digits: 0 },
  kneeR: { label: 'right knee angle', unit: '°', digits: 0 },
  hip: { label: 'hip angle', unit: '°', digits: 0 },
  shoulder: { label: 'shoulder angle', unit: '°', digits: 0 },
  torsoIncline: { label: 'torso lean', unit: '°', digits: 0 },
  bodyLine: { label: 'shoulder-hip-ankle line', unit: '°', digits: 0 },
  neckAngle: { label: 'neck bend', unit: '°', digits: 0 },
  elbowAsym: { label: 'left/right elbow difference', unit: '°', digits: 0 },
  wristAsym: { label: 'left/right hand height difference', unit: ' torso lengths', digits: 2 },
  wristAboveShoulder: { label: 'hand height above the shoulders', unit: ' torso lengths', digits: 2 },
  hipAboveAnkle: { label: 'hip height above the feet', unit: ' torso lengths', digits: 2 },
  hipAboveKnee: { label: 'hip height above the knees', unit: ' torso lengths', digits: 2 },
  kneeSpreadRatio: { label: 'knee width / foot width', unit: '', digits: 2 },
};

const STAT_WORDS = { min: 'at its lowest', max: 'at its highest', range: 'range over the rep' } as const;

function describe(ex: Exercise, c: Condition): { label: string; unit: string; digits: number; when: string } {
  const info = INFO[c.feature] ?? { label: c.feature, unit: '', digits: 2 };
  const when = c.stat === 'rest' ? ex.words.rest : c.stat === 'far' ? ex.words.far : c.stat === 'amp' ? 'swing' : STAT_WORDS[c.stat];
  return c.per ? { label: `${info.label} / ${c.per.feature}`, unit: '', digits: 2, when } : { ...info, when };
}

/** The measurement behind a rule that fired on a rep (null when its value is unknown). */
export function explainRule(ex: Exercise, rule: FormRule, view: RepView): FormMeasurement | null {
  const c = rule.when[rule.explain ?? 0] ?? rule.when[0]!;
  const value = conditionValue(view, c);
  if (value !== value) return null;
  const d = describe(ex, c);
  // The condition describes the fault: value >= min is the fault, so aim below it (and the other way round).
  const aim = c.min !== undefined ? 'below' : 'above';
  const threshold = (c.min ?? c.max)!;
  const f = (v: number): string => `${v.toFixed(d.digits)}${d.unit}`;
  const at = d.when === 'range over the rep' || d.when === 'swing' ? ` (${d.when})` : ` ${d.when}`;
  return {
    feature: c.feature, stat: c.stat, value: round(value, d.digits + 1), threshold, aim, unit: d.unit.trim(),
    explanation: `${d.label} ${f(value)}${at}; aim for ${aim === 'below' ? 'under' : 'over'} ${f(threshold)}`,
  };
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
