/** Member PWA: join from an invite or sign in; then Now, History, Coach and Me behind a bottom tab bar. */
import { QueryClientProvider } from '@tanstack/react-query';
import { useSession } from '../../shared/use-session.ts';
import type { ApiUser } from '../../shared/api.ts';
import { navigate, useRoute } from './hooks/use-route.ts';
import { clearCache, queryClient } from './hooks/query-cache.ts';
import { TabBar } from './components/tab-bar.tsx';
import { OfflineBanner } from './components/offline-banner.tsx';
import { JoinPage } from './pages/join-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NowPage } from './pages/now-page.tsx';
import { HistoryPage } from './pages/history-page.tsx';
import { CoachPage } from './pages/coach-page.tsx';
import { MePage } from './pages/me-page.tsx';
import { ScreeningPage } from './pages/screening-page.tsx';
import './member.css';

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <OfflineBanner />
      <Screens />
    </QueryClientProvider>
  );
}

function Screens() {
  const route = useRoute();
  const { user, checking, signIn, signOut } = useSession();
  const enter = (u: ApiUser) => {
    clearCache();
    signIn(u);
    navigate('/now');
  };
  const leave = () => {
    clearCache();
    signOut();
    navigate('/login');
  };

  if (route.page === 'join' && !user) return <JoinPage token={route.arg} onJoined={enter} />;
  if (checking) return <p className="center">Loading…</p>;
  if (!user) return <LoginPage onLogin={enter} />;
  if (!user.memberId)
    return (
      <main className="center">
        <p>This app is for gym members. Staff use the console at <a href="/apps/console/">/apps/console/</a>.</p>
        <button onClick={leave}>Sign out</button>
      </main>
    );
  const page = route.page === 'join' || route.page === 'login' ? 'now' : route.page;
  return (
    <div className="member">
      <main className="page" data-page={page}>
        {page === 'now' && <NowPage memberId={user.memberId} />}
        {page === 'history' && <HistoryPage memberId={user.memberId} />}
        {page === 'coach' && <CoachPage />}
        {page === 'me' && <MePage onSignOut={leave} onErased={leave} />}
        {page === 'screening' && <ScreeningPage />}
      </main>
      <TabBar page={page} />
    </div>
  );
}
