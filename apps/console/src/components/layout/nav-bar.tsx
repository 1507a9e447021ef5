/** Top bar: gym name, live connection, page links (open-alert count on Alerts), account, sign out. */
import type { ApiUser } from '../../../../shared/api.ts';
import { useAlerts } from '../../hooks/use-console-data.ts';
import { useLive } from '../../hooks/use-live.tsx';

const PAGES = [
  { id: 'live', label: 'Live' },
  { id: 'roster', label: 'Roster' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'health', label: 'Health' },
] as const;

export function NavBar({ gymName, user, page, onSignOut }: { gymName: string; user: ApiUser; page: string; onSignOut: () => void }) {
  const live = useLive();
  const open = useAlerts(true);
  const links = user.role === 'admin' ? [...PAGES, { id: 'admin', label: 'Admin' }] : PAGES;
  return (
    <header className="nav">
      <h1>{gymName} — staff console</h1>
      <nav aria-label="pages">
        {links.map((p) => (
          <a key={p.id} href={`#/${p.id}`} aria-current={page === p.id ? 'page' : undefined}>
            {p.label}
            {p.id === 'alerts' && (open.data?.length ?? 0) > 0 && <span className="badge" aria-label={`${open.data!.length} open alerts`}>{open.data!.length}</span>}
          </a>
        ))}
      </nav>
      <span className={live.connected ? 'pill ok' : 'pill'}>{live.connected ? 'live' : 'connecting…'}</span>
      <span className="spacer" />
      <span className="muted">{user.email} ({user.role})</span>
      <button className="link" onClick={onSignOut}>Sign out</button>
    </header>
  );
}
