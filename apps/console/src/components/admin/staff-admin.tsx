/** Staff accounts: create a trainer or admin, and set which cameras each trainer may watch. */
import { useEffect, useState, type FormEvent } from 'react';
import { apiClient } from '../../../../shared/api-client.ts';
import { useAction, useCameras, useUserCameras, useUsers } from '../../hooks/use-console-data.ts';

export function StaffAdmin() {
  const users = useUsers();
  const cameras = useCameras();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'trainer' | 'admin'>('trainer');
  const [editing, setEditing] = useState<string | null>(null);
  const create = useAction(apiClient.createUser, [['users'], ['audit']]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate([{ email, password, role, cameras: [] }], { onSuccess: (u) => { setEmail(''); setPassword(''); if (u.role === 'trainer') setEditing(u.id); } });
  };
  const staff = (users.data ?? []).filter((u) => u.role !== 'member');
  return (
    <div>
      <form onSubmit={submit} aria-label="new staff account" className="inline-form">
        <label>Email <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required /></label>
        <label>Password <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={10} required /></label>
        <label>Role
          <select value={role} onChange={(e) => setRole(e.target.value as 'trainer' | 'admin')}><option value="trainer">trainer</option><option value="admin">admin</option></select>
        </label>
        <button type="submit" disabled={create.isPending}>Create account</button>
        {create.error && <p role="alert" className="error">{(create.error as Error).message}</p>}
      </form>
      <table className="table">
        <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Last sign-in</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {staff.map((u) => (
            <tr key={u.id} data-user-id={u.id}>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : 'never'}</td>
              <td>{u.role === 'trainer' ? <button onClick={() => setEditing(u.id)} aria-label={`cameras of ${u.email}`}>Cameras</button> : <span className="muted">all cameras</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && <CameraGrantsEditor userId={editing} email={staff.find((u) => u.id === editing)?.email ?? ''} cameras={cameras.data ?? []} />}
    </div>
  );
}

function CameraGrantsEditor({ userId, email, cameras }: { userId: string; email: string; cameras: { id: string; name: string }[] }) {
  const grants = useUserCameras(userId);
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => setChosen(grants.data?.cameras ?? []), [grants.data]);
  const save = useAction(apiClient.setUserCameras, [['user-cameras', userId], ['audit']]);
  return (
    <form className="grants" aria-label={`camera grants of ${email}`} onSubmit={(e) => { e.preventDefault(); save.mutate([userId, chosen]); }}>
      <h3>Cameras {email} may watch</h3>
      {cameras.map((c) => (
        <label key={c.id}>
          <input type="checkbox" checked={chosen.includes(c.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))} /> {c.name} ({c.id})
        </label>
      ))}
      <button type="submit" disabled={save.isPending}>Save grants</button>
      {save.isSuccess && <span className="muted"> saved</span>}
      {save.error && <p role="alert" className="error">{(save.error as Error).message}</p>}
    </form>
  );
}
