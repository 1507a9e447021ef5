/** My consents as switches; turning face identification off asks first, because the face data is deleted at once. */
import { useState } from 'react';
import type { ConsentChoice } from '@gym/shared';
import { useConsents, useSetConsent } from '../hooks/use-member-data.ts';
import { CONSENT_ORDER, CONSENT_TEXT } from '../member-copy.ts';

export function ConsentToggles() {
  const consents = useConsents();
  const change = useSetConsent();
  const [confirmFace, setConfirmFace] = useState(false);
  if (!consents.data) return consents.error ? <p role="alert" className="error">{consents.error.message}</p> : <p>Loading…</p>;
  const granted = (k: ConsentChoice) => consents.data.find((c) => c.kind === k)?.granted ?? false;
  const toggle = (kind: ConsentChoice) => {
    if (kind === 'face_identification' && granted(kind)) return setConfirmFace(true);
    change.mutate({ kind, granted: !granted(kind) });
  };
  return (
    <div className="card-list">
      {CONSENT_ORDER.map((kind) => {
        const on = granted(kind);
        return (
          <div key={kind} className="card consent" data-consent={kind}>
            <label className="switch-row">
              <span>
                <strong>{CONSENT_TEXT[kind].title}</strong>
                <span className="muted small">{on ? CONSENT_TEXT[kind].yes : CONSENT_TEXT[kind].no}</span>
              </span>
              <input type="checkbox" role="switch" checked={on} disabled={change.isPending} onChange={() => toggle(kind)} aria-label={CONSENT_TEXT[kind].title} />
            </label>
            {kind === 'face_identification' && confirmFace && (
              <div className="warn-box" role="alertdialog" aria-label="turn off face identification">
                <p>Turning this off <strong>deletes your face data at once</strong>. To be recognised again you would check in with the QR code each visit.</p>
                <button className="danger" onClick={() => change.mutate({ kind, granted: false }, { onSettled: () => setConfirmFace(false) })}>Delete my face data</button>
                <button className="secondary" onClick={() => setConfirmFace(false)}>Keep it on</button>
              </div>
            )}
          </div>
        );
      })}
      {change.error && <p role="alert" className="error">{change.error.message}</p>}
    </div>
  );
}
