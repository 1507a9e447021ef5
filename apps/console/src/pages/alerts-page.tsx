/** Alerts, live (the socket invalidates the list on each new alert), with acknowledge: who and when. */
import { useState } from 'react';
import { apiClient } from '../../../shared/api-client.ts';
import { useAction, useAlerts, useUsers } from '../hooks/use-console-data.ts';
import { AlertRow } from '../components/alerts/alert-row.tsx';

export function AlertsPage({ isAdmin }: { isAdmin: boolean }) {
  const [openOnly, setOpenOnly] = useState(false);
  const alerts = useAlerts(openOnly);
  const users = useUsers();
  const ack = useAction(apiClient.ackAlert, [['alerts']]);
  const who = (id: string | null) => (id ? (isAdmin ? (users.data?.find((u) => u.id === id)?.email ?? id.slice(0, 8)) : id.slice(0, 8)) : '');
  return (
    <section className="page" aria-label="alerts">
      <h2>Alerts</h2>
      <label>
        <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> Only alerts nobody acknowledged
      </label>
      {ack.error && <p role="alert" className="error">{(ack.error as Error).message}</p>}
      {alerts.data?.length === 0 && <p className="muted">No alerts.</p>}
      <ul className="alerts">
        {alerts.data?.map((a) => (
          <AlertRow key={a.id} alert={a} acknowledgedBy={who(a.acknowledgedBy)} busy={ack.isPending} onAck={() => ack.mutate([a.id])} />
        ))}
      </ul>
    </section>
  );
}
