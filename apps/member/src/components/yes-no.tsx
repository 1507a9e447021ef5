/** A big two-button yes/no choice (a radio group), for consents and health questions: nothing is pre-chosen. */
export function YesNo({ name, label, value, onChange }: { name: string; label: string; value: boolean | null; onChange: (v: boolean) => void }) {
  return (
    <div className="yes-no" role="radiogroup" aria-label={label}>
      {([true, false] as const).map((v) => (
        <label key={String(v)} className={value === v ? 'chosen' : undefined}>
          <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} />
          {v ? 'Yes' : 'No'}
        </label>
      ))}
    </div>
  );
}
