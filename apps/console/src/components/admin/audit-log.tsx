/** The audit log (last 500 entries) with filters by action, subject type and free text (actor, subject id). */
import { useMemo, useState } from 'react';
import { useAudit } from '../../hooks/use-console-data.ts';

export function AuditLog() {
  const audit = useAudit();
  const [action, setAction] = useState('');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const rows = audit.data ?? [];
  const actions = useMemo(() => [...new Set(rows.map((r) => r.action))].sort(), [rows]);
  const subjects = useMemo(() => [...new Set(rows.map((r) => r.subjectType))].sort(), [rows]);
  const q = text.trim().toLowerCase();
  const shown = rows.filter((r) => (!action || r.action === action) && (!subject || r.subjectType === subject) && (!q || `${r.actorUserId ?? ''} ${r.actorRole ?? ''} ${r.subjectId ?? ''} ${JSON.stringify(r.details)}`.toLowerCase().includes(q)));
  return (
    <div>
      <form className="inline-form" aria-label="audit filters" onSubmit={(e) => e.preventDefault()}>
        <label>Action <select value={action} onChange={(e) => setAction(e.target.value)}><option value="">any</option>{actions.map((a) => <option key={a}>{a}</option>)}</select></label>
        <label>Subject <select value={subject} onChange={(e) => setSubject(e.target.value)}><option value="">any</option>{subjects.map((a) => <option key={a}>{a}</option>)}</select></label>
        <label>Search <input value={text} onChange={(e) => setText(e.target.value)} placeholder="user id, subject id, detail" /></label>
        <span className="muted">{shown.length} of {rows.length}</span>
      </form>
      <table className="table audit">
        <thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th></tr></thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-action={r.action}>
              <td>{new Date(r.at).toLocaleString()}</td>
              <td>{r.actorRole ?? 'system'} {r.actorUserId ? <span className="muted">{r.actorUserId.slice(0, 8)}</span> : null}</td>
              <td>{r.action}</td>
              <td>{r.subjectType} {r.subjectId ? <span className="muted">{r.subjectId.slice(0, 12)}</span> : null}</td>
              <td className="muted">{JSON.stringify(r.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
