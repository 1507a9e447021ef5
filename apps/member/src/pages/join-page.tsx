/** `#/join/<token>`: who the invite is for, then email + password, each consent, the health questions, goals → joined. */
import { useState, type FormEvent } from 'react';
import { HealthScreeningAnswers, type ConsentChoice } from '@gym/shared';
import { memberApi } from '../../../shared/api-client.ts';
import type { ApiUser } from '../../../shared/api.ts';
import { useInvite } from '../hooks/use-member-data.ts';
import { CONSENT_ORDER, CONSENT_TEXT, SCREENING_QUESTIONS } from '../member-copy.ts';
import { ConsentChoices, type ConsentAnswers } from '../components/consent-choices.tsx';
import { ScreeningQuestions, type ScreeningDraft } from '../components/screening-questions.tsx';

export function JoinPage({ token, onJoined }: { token: string | null; onJoined: (u: ApiUser) => void }) {
  const invite = useInvite(token);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [consents, setConsents] = useState<ConsentAnswers>({});
  const [screening, setScreening] = useState<ScreeningDraft>({});
  const [notes, setNotes] = useState('');
  const [goals, setGoals] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!token) return <main className="page narrow"><p role="alert">This join link is incomplete. Ask the gym for a new one.</p></main>;
  if (invite.isPending) return <main className="page narrow"><p>Checking your invite…</p></main>;
  if (invite.error)
    return (
      <main className="page narrow">
        <h1>Invite not valid</h1>
        <p role="alert">This invite is unknown, used or expired. Ask the gym staff for a new one.</p>
        <a className="button" href="#/login">I already have an account</a>
      </main>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missingConsent = CONSENT_ORDER.find((k) => consents[k] === undefined);
    if (missingConsent) return setError(`Please answer yes or no for “${CONSENT_TEXT[missingConsent].title}”.`);
    const answers = HealthScreeningAnswers.safeParse(screening);
    if (!answers.success) return setError(`Please answer every health question (${SCREENING_QUESTIONS.filter((q) => screening[q.key] === undefined).length} left).`);
    setBusy(true);
    setError(null);
    try {
      const user = await memberApi.acceptInvite(token, {
        email,
        password,
        consents: consents as Record<ConsentChoice, boolean>,
        screening: { answers: answers.data, notes },
        goals,
      });
      onJoined(user);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page narrow">
      <form onSubmit={submit} aria-label="join" className="join">
        <h1>Welcome, {invite.data.displayName}</h1>
        <p className="muted">Join {invite.data.gymName}. This invite works until {new Date(invite.data.expiresAt).toLocaleDateString()}.</p>
        <fieldset className="card-list">
          <legend>Your account</legend>
          <label>
            Email
            <input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <label>
            Password (at least 10 characters)
            <input type="password" autoComplete="new-password" minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
        </fieldset>
        <ConsentChoices value={consents} onChange={setConsents} />
        <ScreeningQuestions value={screening} onChange={setScreening} />
        <label>
          Anything a trainer should know (injuries, limits)
          <textarea value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} />
        </label>
        <label>
          Your goals
          <textarea value={goals} maxLength={1000} placeholder="e.g. squat with good depth, train twice a week" onChange={(e) => setGoals(e.target.value)} />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Joining…' : 'Join'}</button>
      </form>
    </main>
  );
}
