/** Admin: members (create, invite, consent, erase), staff accounts with camera grants, cameras, the audit log. */
import { navigate } from '../hooks/use-route.ts';
import { MembersAdmin } from '../components/admin/members-admin.tsx';
import { StaffAdmin } from '../components/admin/staff-admin.tsx';
import { AuditLog } from '../components/admin/audit-log.tsx';
import { CamerasAdmin } from '../components/admin/cameras-admin.tsx';

const SECTIONS = [
  { id: 'members', label: 'Members' },
  { id: 'staff', label: 'Staff and camera grants' },
  { id: 'cameras', label: 'Cameras' },
  { id: 'audit', label: 'Audit log' },
];

export function AdminPage({ section }: { section: string }) {
  return (
    <section className="page" aria-label="admin">
      <nav className="tabs" aria-label="admin sections">
        {SECTIONS.map((s) => (
          <button key={s.id} aria-pressed={section === s.id} onClick={() => navigate(`/admin/${s.id}`)}>{s.label}</button>
        ))}
      </nav>
      {section === 'members' && <MembersAdmin />}
      {section === 'staff' && <StaffAdmin />}
      {section === 'cameras' && <CamerasAdmin />}
      {section === 'audit' && <AuditLog />}
    </section>
  );
}
