/** Coach: set and session summaries, the chat with streamed answers, push opt-in; clear states when it cannot coach. */
import { useState, type FormEvent } from 'react';
import { ApiClientError } from '../../../shared/api.ts';
import { useCoachMessages, useCoachSummaries, useConsents } from '../hooks/use-member-data.ts';
import { useCoachChat } from '../hooks/use-coach-chat.ts';
import { PushOptIn } from '../components/push-opt-in.tsx';

export function CoachPage() {
  const consents = useConsents();
  const granted = consents.data?.find((c) => c.kind === 'coaching')?.granted;
  const messages = useCoachMessages(granted === true);
  const summaries = useCoachSummaries(granted === true);
  const chat = useCoachChat();
  const [text, setText] = useState('');

  const consentMissing = granted === false || (messages.error instanceof ApiClientError && messages.error.code === 'CONSENT_REQUIRED');
  if (consents.isPending) return <p>Loading…</p>;
  if (consentMissing)
    return (
      <section className="coach" aria-label="coach">
        <div className="card" data-testid="coach-consent-needed">
          <h2>The coach needs your consent</h2>
          <p>You said no to coaching, so nothing about your training goes to the coach service. You can change this under Me.</p>
          <a className="button" href="#/me">Go to my choices</a>
        </div>
      </section>
    );
  if (messages.error && !messages.data)
    return (
      <section className="coach" aria-label="coach">
        <div className="card" data-testid="coach-unavailable">
          <h2>The coach is not available</h2>
          <p>{messages.error.message}</p>
          <button className="secondary" onClick={() => void messages.refetch()}>Try again</button>
        </div>
      </section>
    );

  const send = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    if (!q || chat.busy) return;
    setText('');
    void chat.ask(q);
  };
  const latest = summaries.data?.[0];
  return (
    <section className="coach" aria-label="coach">
      {latest && (
        <div className="card summary" data-testid="coach-summary">
          <p className="muted">{latest.kind === 'set' ? 'Your last set' : 'Your last session'}</p>
          <h3>{latest.headline}</h3>
          <p>{latest.body}</p>
          {latest.suggestions.length > 0 && <ul>{latest.suggestions.map((s) => <li key={s}>{s}</li>)}</ul>}
        </div>
      )}
      <ol className="chat" aria-label="chat">
        {(messages.data ?? []).map((m) => (
          <li key={m.id} className={`bubble ${m.role}`} data-testid={`msg-${m.role}`}>
            {m.text}
            {m.source === 'basic' && <span className="muted small"> · basic tips (the AI coach was unavailable)</span>}
          </li>
        ))}
        {chat.pending && (
          <>
            <li className="bubble user">{chat.pending.question}</li>
            <li className="bubble assistant streaming" data-testid="msg-streaming" aria-live="polite">{chat.pending.text || '…'}</li>
          </>
        )}
      </ol>
      {chat.redFlag && (
        <p role="alert" className="cue bad">What you described can be a warning sign. Stop exercising; a trainer has been told and will come to you.</p>
      )}
      {chat.error && <p role="alert" className="error">{chat.error}</p>}
      <form className="ask" onSubmit={send} aria-label="ask the coach">
        <input value={text} maxLength={2000} placeholder="Ask your coach…" aria-label="question" onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="primary" disabled={chat.busy || !text.trim()}>Send</button>
      </form>
      <PushOptIn />
    </section>
  );
}
