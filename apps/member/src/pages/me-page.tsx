/** Me / my data: who I am, my consents, download everything, erase my account (typed confirmation), sign out. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { memberApi } from '../../../shared/api-client.ts';
import { useProfile } from '../hooks/use-member-data.ts';
import { ConsentToggles } from '../components/consent-toggles.tsx';
import { ScreeningDueCard } from '../components/screening-due-card.tsx';

export function MePage({ onSignOut, onErased }: { onSignOut: () => void; onErased: () => void }) {
  const profile = useProfile();
  return (
    <section className="me" aria-label="my data">
      <ScreeningDueCard />
      {profile.data && (
        <div className="card">
          <h2>{profile.data.displayName}</h2>
          <p className="muted">{profile.data.email}</p>
          {profile.data.goals && <p>Goals: {profile.data.goals}</p>}
          {profile.data.needsClearance && <p className="cue warn">A trainer will talk with you about your health answers before harder training is suggested.</p>}
        </div>
      )}
      <h2>My choices</h2>
      <ConsentToggles />
      {profile.data && <ReminderChoice reminders={profile.data.reminders} hour={profile.data.reminderHour} />}
      <h2>My data</h2>
      <ExportButton />
      <EraseAccount onErased={onErased} />
      <button className="secondary wide" onClick={onSignOut}>Sign out</button>
    </section>
  );
}

/** Training reminders (a push after a week away): off, whenever due, or at a chosen hour of the gym's day. */
function ReminderChoice({ reminders, hour }: { reminders: boolean; hour: number | null }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = !reminders ? 'off' : hour === null ? 'any' : String(hour);
  const choose = async (v: string) => {
    setBusy(true);
    setError(null);
    try {
      const body = v === 'off' ? { reminders: false } : { reminders: true, reminderHour: v === 'any' ? null : Number(v) };
      qc.setQueryData(['profile'], await memberApi.updateProfile(body));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card">
      <label>
        Training reminders, after a week away
        <select value={value} disabled={busy} onChange={(e) => void choose(e.target.value)} aria-label="training reminders">
          <option value="off">Off</option>
          <option value="any">Whenever due</option>
          {Array.from({ length: 24 }, (_, h) => h).map((h) => (
            <option key={h} value={String(h)}>Around {String(h).padStart(2, '0')}:00</option>
          ))}
        </select>
      </label>
      <p className="muted">Sent to the phones where you allowed notifications, only with the coaching consent.</p>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}

function ExportButton() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await memberApi.exportBlob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `smart-gym-my-data-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card">
      <p>Everything the gym stores about you, as one file.</p>
      <button className="secondary" onClick={download} disabled={busy}>{busy ? 'Preparing…' : 'Download my data'}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}

function EraseAccount({ onErased }: { onErased: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await memberApi.eraseMe();
      onErased();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <div className="card danger-zone">
      {!open && <button className="danger" onClick={() => setOpen(true)}>Erase my account</button>}
      {open && (
        <div role="alertdialog" aria-label="erase my account">
          <p>This deletes your account, your training history, clips, face data and coach chat. It cannot be undone.</p>
          <label>
            Type <strong>ERASE</strong> to confirm
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoCapitalize="characters" aria-label="type ERASE to confirm" />
          </label>
          <button className="danger" disabled={typed !== 'ERASE' || busy} onClick={erase}>{busy ? 'Erasing…' : 'Erase everything'}</button>
          <button className="secondary" onClick={() => { setOpen(false); setTyped(''); }}>Cancel</button>
          {error && <p role="alert" className="error">{error}</p>}
        </div>
      )}
    </div>
  );
}
