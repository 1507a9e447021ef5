/** Each consent with what yes and no mean, and a yes/no for each (join screen). */
import type { ConsentChoice } from '@gym/shared';
import { CONSENT_ORDER, CONSENT_TEXT } from '../member-copy.ts';
import { YesNo } from './yes-no.tsx';

export type ConsentAnswers = Partial<Record<ConsentChoice, boolean>>;

export function ConsentChoices({ value, onChange }: { value: ConsentAnswers; onChange: (v: ConsentAnswers) => void }) {
  return (
    <fieldset className="card-list">
      <legend>Your choices</legend>
      {CONSENT_ORDER.map((kind) => {
        const t = CONSENT_TEXT[kind];
        return (
          <div key={kind} className="card" data-consent={kind}>
            <h3>{t.title}</h3>
            <p><strong>Yes:</strong> {t.yes}</p>
            <p><strong>No:</strong> {t.no}</p>
            <YesNo name={`consent-${kind}`} label={t.title} value={value[kind] ?? null} onChange={(v) => onChange({ ...value, [kind]: v })} />
          </div>
        );
      })}
    </fieldset>
  );
}
