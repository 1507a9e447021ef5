/** Members: create, then per member record consent (with evidence), enrol the face, make an invite link and QR code, erase. */
import { useState, type FormEvent } from 'react';
import { ConsentChoice, type MemberSummary } from '@gym/shared';
import { useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../../shared/api-client.ts';
import { useAction, useMemberConsents, useMembers } from '../../hooks/use-console-data.ts';
import { FaceEnrolment } from './face-enrolment.tsx';
import { InviteQr } from './invite-qr.tsx';

export function MembersAdmin() {
  const members = useMembers();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [selected, setSelected] = useState<MemberSummary | null>(null);
  const qc = useQueryClient();
  const create = useAction(apiClient.createMember, [['members']]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate([{ displayName: name, email: email || null }], { onSuccess: (m) => { setName(''); setEmail(''); setSelected(m); qc.setQueryData<MemberSummary[]>(['members'], (list) => (list?.some((x) => x.id === m.id) ? list : [...(list ?? []), m])); } });
  };
  return (
    <div className="admin-members">
      <form onSubmit={submit} aria-label="new member" className="inline-form">
        <label>Name <input value={name} onChange={(e) => setName(e.target.value)} required /></label>
        <label>Email <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <button type="submit" disabled={create.isPending}>Create member</button>
        {create.error && <p role="alert" className="error">{(create.error as Error).message}</p>}
      </form>
      {members.error && <p role="alert" className="error">{(members.error as Error).message}</p>}
      <table className="table">
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {members.data?.map((m) => (
            <tr key={m.id} data-member-id={m.id} aria-selected={selected?.id === m.id}>
              <td>{m.displayName}</td>
              <td>{m.email ?? ''}</td>
              <td>{new Date(m.createdAt).toLocaleDateString()}</td>
              <td><button onClick={() => setSelected(m)} aria-label={`manage ${m.displayName}`}>Manage</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && <MemberDetail key={selected.id} id={selected.id} name={selected.displayName} onErased={() => setSelected(null)} />}
    </div>
  );
}

function MemberDetail({ id, name, onErased }: { id: string; name: string; onErased: () => void }) {
  const consents = useMemberConsents(id);
  const [evidence, setEvidence] = useState('');
  const [kind, setKind] = useState<ConsentChoice>('face_identification');
  const [invite, setInvite] = useState<{ url: string; expiresAt: string } | null>(null);
  const record = useAction(apiClient.recordConsent, [['consents', id], ['audit']]);
  const erase = useAction(apiClient.eraseMember, [['members'], ['audit']]);
  const inv = useAction(apiClient.invite, []);
  const active = (consents.data ?? []).filter((c) => c.grantedAt && !c.revokedAt);
  const err = record.error ?? erase.error ?? inv.error;
  return (
    <section className="member-detail" aria-label={`member ${name}`}>
      <h3>{name}</h3>
      <p>Consents: {active.length ? active.map((c) => <span key={c.id} className="pill ok" data-consent={c.kind}>{c.kind}</span>) : <span className="muted">none recorded</span>}</p>
      <form className="inline-form" aria-label="record consent" onSubmit={(e) => { e.preventDefault(); record.mutate([id, kind, evidence], { onSuccess: () => setEvidence('') }); }}>
        <label>Consent
          <select value={kind} onChange={(e) => setKind(e.target.value as ConsentChoice)}>
            {ConsentChoice.options.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <label>Evidence <input value={evidence} onChange={(e) => setEvidence(e.target.value)} placeholder="signed paper form #123" required minLength={3} /></label>
        <button type="submit" disabled={record.isPending}>Record consent</button>
      </form>
      <FaceEnrolment memberId={id} name={name} hasConsent={active.some((c) => c.kind === 'face_identification')} />
      <h4>Invite to the member app</h4>
      <p>
        <button onClick={() => inv.mutate([id], { onSuccess: (i) => setInvite({ url: i.url, expiresAt: i.expiresAt }) })}>{invite ? 'Make a new invite link' : 'Make invite link'}</button>
      </p>
      {invite && <InviteQr url={invite.url} expiresAt={invite.expiresAt} />}
      <p>
        <button className="danger" onClick={() => { if (window.confirm(`Erase ${name} and everything about them? This cannot be undone.`)) erase.mutate([id], { onSuccess: onErased }); }}>Erase member</button>
      </p>
      {err && <p role="alert" className="error">{(err as Error).message}</p>}
    </section>
  );
}
