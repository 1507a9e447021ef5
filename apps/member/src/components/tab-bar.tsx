/** The bottom tab bar, within thumb reach: Now, History, Coach, Me. */
import type { Page } from '../hooks/use-route.ts';

const TABS: { page: Page; label: string; icon: string }[] = [
  { page: 'now', label: 'Now', icon: '●' },
  { page: 'history', label: 'History', icon: '▤' },
  { page: 'coach', label: 'Coach', icon: '✦' },
  { page: 'me', label: 'Me', icon: '◉' },
];

export function TabBar({ page }: { page: Page }) {
  return (
    <nav className="tab-bar" aria-label="sections">
      {TABS.map((t) => (
        <a key={t.page} href={`#/${t.page}`} aria-current={page === t.page ? 'page' : undefined}>
          <span aria-hidden="true" className="tab-icon">{t.icon}</span>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
