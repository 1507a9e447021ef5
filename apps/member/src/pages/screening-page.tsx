/** The health questions again (yearly, or when never answered): PUT /api/me/screening, then back to Now. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { HealthScreeningAnswers } from '@gym/shared';
import { memberApi } from '../../../shared/api-client.ts';
import { SCREENING_QUESTIONS } from '../member-copy.ts';
import { navigate } from '../hooks/use-route.ts';
import { ScreeningQuestions, type ScreeningDraft } from '../components/screening-questions.tsx';

export function ScreeningPage() {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<ScreeningDraft>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const answers = HealthScreeningAnswers.safeParse(draft);
    if (!answers.success) return setError(`Please answer every health question (${SCREENING_QUESTIONS.filter((q) => draft[q.key] === undefined).length} left).`);
    setBusy(true);
    setError(null);
    try {
      qc.setQueryData(['profile'], await memberApi.updateScreening({ answers: answers.data, notes: '' }));
      navigate('/now');
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <section className="screening" aria-label="health questions">
      <ScreeningQuestions value={draft} onChange={(d) => { setDraft(d); setError(null); }} />
      {error && <p role="alert" className="error">{error}</p>}
      <button className="primary" onClick={submit} disabled={busy}>{busy ? 'Saving…' : 'Save my answers'}</button>
    </section>
  );
}
