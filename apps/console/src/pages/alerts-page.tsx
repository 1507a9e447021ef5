/** Alerts, live (the socket invalidates the list on each new alert), filtered by kind and open, with acknowledge: who and when. */
import { useState } from 'react';
import { AlertKind } from '@gym/shared';
import { apiClient } from '../../../shared/api-client.ts';
import { useAction, useAlerts } from '../hooks/use-console-data.ts';
import { ALERT_KIND_LABEL, AlertRow } from '../components/alerts/alert-row.tsx';

export function AlertsPage() {
  const [openOnly, setOpenOnly] = useState(false);
  const [kind, setKind] = useState<AlertKind | null>(null);
  const alerts = useAlerts(openOnly, kind);
  const ack = useAction(apiClient.ackAlert, [['alerts']]);
  const who = (a: { acknowledgedBy: string | null; acknowledgedByEmail?: string | null | undefined }) => a.acknowledgedByEmail ?? a.acknowledgedBy?.slice(0, 8) ?? '';
  return (
    <section className="page" aria-label="alerts">
      <h2>Alerts</h2>
      <form className="inline-form" aria-label="alert filters" onSubmit={(e) => e.preventDefault()}>
        <label>Kind
          <select value={kind ?? ''} onChange={(e) => setKind(e.target.value ? (e.target.value as AlertKind) : null)}>
            <option value="">All kinds</option>
            {AlertKind.options.map((k) => <option key={k} value={k}>{ALERT_KIND_LABEL[k]}</option>)}
          </select>
        </label>
        <label className="check">
          <span><input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> Only alerts nobody acknowledged</span>
        </label>
      </form>
      {alerts.error && <p role="alert" className="error">{(alerts.error as Error).message}</p>}
      {ack.error && <p role="alert" className="error">{(ack.error as Error).message}</p>}
      {alerts.data?.length === 0 && <p className="muted">No alerts{kind || openOnly ? ' match these filters' : ''}.</p>}
      <ul className="alerts" aria-label="alert list">
        {alerts.data?.map((a) => (
          <AlertRow key={a.id} alert={a} acknowledgedBy={who(a)} busy={ack.isPending && ack.variables?.[0] === a.id} onAck={() => ack.mutate([a.id])} />
        ))}
      </ul>
    </section>
  );
}
