/** The PAR-Q+ style health questions, each with a yes/no. */
import type { HealthScreeningAnswers } from '@gym/shared';
import { SCREENING_QUESTIONS } from '../member-copy.ts';
import { YesNo } from './yes-no.tsx';

export type ScreeningDraft = Partial<HealthScreeningAnswers>;

export function ScreeningQuestions({ value, onChange }: { value: ScreeningDraft; onChange: (v: ScreeningDraft) => void }) {
  return (
    <fieldset className="card-list">
      <legend>Health questions</legend>
      <p className="muted">If you answer yes to any, a trainer talks with you before the coach suggests harder training.</p>
      {SCREENING_QUESTIONS.map((q) => (
        <div key={q.key} className="card">
          <p>{q.text}</p>
          <YesNo name={`parq-${q.key}`} label={q.text} value={value[q.key] ?? null} onChange={(v) => onChange({ ...value, [q.key]: v })} />
        </div>
      ))}
    </fieldset>
  );
}
