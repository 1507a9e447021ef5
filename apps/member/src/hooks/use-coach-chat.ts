/** Asking the coach: the streamed answer grows in `pending`, then joins the cached chat when done. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CoachMessage } from '@gym/shared';
import { memberApi } from '../../../shared/api-client.ts';

export interface PendingAnswer {
  question: string;
  text: string;
}

export function useCoachChat() {
  const qc = useQueryClient();
  const [pending, setPending] = useState<PendingAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The last answer said the member described a warning sign; staff were alerted. */
  const [redFlag, setRedFlag] = useState(false);

  const ask = async (question: string) => {
    setError(null);
    setRedFlag(false);
    setPending({ question, text: '' });
    const askedAt = new Date().toISOString();
    let answer: CoachMessage | null = null;
    try {
      await memberApi.askCoach(question, (e) => {
        if (e.type === 'delta') setPending((p) => p && { ...p, text: p.text + e.text });
        else if (e.type === 'done') {
          answer = { id: e.messageId, role: 'assistant', text: e.text, source: e.source, createdAt: new Date().toISOString() };
          setRedFlag(e.redFlag);
        } else if (e.type === 'error') setError(e.message);
      });
      const done = answer;
      if (done) {
        const mine: CoachMessage = { id: `local-${askedAt}`, role: 'user', text: question, source: null, createdAt: askedAt };
        qc.setQueryData<CoachMessage[]>(['coach-messages'], (old) => [...(old ?? []), mine, done]);
      }
      void qc.invalidateQueries({ queryKey: ['coach-messages'] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(null);
    }
  };
  return { ask, pending, busy: pending !== null, error, redFlag };
}
