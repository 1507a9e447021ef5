/** Staff console: sign-in, then navigation between Live, Roster, Alerts, Health and (admins) Admin. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useSession } from '../../shared/use-session.ts';
import { LoginForm } from '../../shared/login-form.tsx';
import type { ApiUser } from '../../shared/api.ts';
import { LiveProvider } from './hooks/use-live.tsx';
import { useRoute } from './hooks/use-route.ts';
import { useRoster, useSystem } from './hooks/use-console-data.ts';
import { NavBar } from './components/layout/nav-bar.tsx';
import { LivePage } from './pages/live-page.tsx';
import { RosterPage } from './pages/roster-page.tsx';
import { AlertsPage } from './pages/alerts-page.tsx';
import { HealthPage } from './pages/health-page.tsx';
import { AdminPage } from './pages/admin-page.tsx';
import { WallPage } from './pages/wall-page.tsx';
import './console.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

export function App() {
  const { user, checking, signIn, signOut } = useSession();
  if (checking) return <p className="center">Loading…</p>;
  if (!user) return <LoginForm title="Smart Gym — staff console" onLogin={signIn} />;
  if (user.role === 'member')
    return (
      <main className="center">
        <p>The console is for gym staff. Members use the app at <a href="/apps/member/">/apps/member/</a>.</p>
        <button onClick={signOut}>Sign out</button>
      </main>
    );
  return (
    <QueryClientProvider client={queryClient}>
      <LiveProvider>
        <Console user={user} onSignOut={signOut} />
      </LiveProvider>
    </QueryClientProvider>
  );
}

function Console({ user, onSignOut }: { user: ApiUser; onSignOut: () => void }) {
  const route = useRoute();
  const system = useSystem();
  const roster = useRoster();
  const follow = route.params.get('follow');
  // Following a person: show whichever camera sees them now.
  const followed = follow ? roster.data?.find((r) => r.personId === follow) : undefined;
  const focus = route.page === 'live' ? (followed?.cameraId ?? route.arg) : null;
  if (route.page === 'live' && route.params.get('wall') === '1') return <WallPage />;
  return (
    <div className="console">
      <a href="#main" className="skip-link" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <NavBar gymName={system.data?.gym.name ?? 'Smart Gym'} user={user} page={route.page} onSignOut={onSignOut} />
      {system.error && <p role="alert" className="error">Cannot reach the server: {(system.error as Error).message}</p>}
      <main id="main" tabIndex={-1}>
        {route.page === 'live' && (
          <>
            {follow && <p className="following">Following #{follow.slice(0, 6)}{followed ? ` on ${followed.cameraId}` : ' — not in view now'}</p>}
            <LivePage focus={focus} />
          </>
        )}
        {route.page === 'roster' && <RosterPage />}
        {route.page === 'alerts' && <AlertsPage />}
        {route.page === 'health' && <HealthPage />}
        {route.page === 'admin' && (user.role === 'admin' ? <AdminPage section={route.arg ?? 'members'} /> : <p role="alert">Admin pages are for admins.</p>)}
      </main>
    </div>
  );
}
