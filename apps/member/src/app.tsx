import { useState } from 'react';
import { useSession } from '../../shared/use-session.ts';
import { LoginForm } from '../../shared/login-form.tsx';
import { LiveView } from './live-view.tsx';
import { HistoryView } from './history-view.tsx';
import { CheckinView } from './checkin-view.tsx';
import './member.css';

type Tab = 'live' | 'history' | 'checkin';

/** Member PWA: live reps of the current set, workout history, check-in QR code. */
export function App() {
  const { user, checking, signIn, signOut } = useSession();
  const [tab, setTab] = useState<Tab>('live');

  if (checking) return <p className="center">Loading…</p>;
  if (!user) return <LoginForm title="Smart Gym" onLogin={signIn} />;
  if (!user.memberId) {
    return (
      <main className="center">
        <p>This app is for gym members. Staff use the console at <a href="/apps/console/">/apps/console/</a>.</p>
        <button onClick={signOut}>Sign out</button>
      </main>
    );
  }
  return (
    <div className="member">
      <header>
        <strong>Smart Gym</strong>
        <button className="link" onClick={signOut}>Sign out</button>
      </header>
      <main>
        {tab === 'live' && <LiveView memberId={user.memberId} />}
        {tab === 'history' && <HistoryView memberId={user.memberId} />}
        {tab === 'checkin' && <CheckinView />}
      </main>
      <nav aria-label="sections">
        {(['live', 'history', 'checkin'] as const).map((t) => (
          <button key={t} aria-current={tab === t ? 'page' : undefined} onClick={() => setTab(t)}>
            {t === 'live' ? 'Now' : t === 'history' ? 'History' : 'Check in'}
          </button>
        ))}
      </nav>
    </div>
  );
}
