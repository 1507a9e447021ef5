/** One alert: kind, severity, where, message; an Acknowledge button, or who acknowledged it and when. */
import type { AlertOut } from '@gym/shared';

export const ALERT_KIND_LABEL: Record<AlertOut['kind'], string> = {
  unknown_in_members_zone: 'Unknown person in a members-only zone',
  not_seen_leaving: 'Not seen leaving',
  camera_down: 'Camera down',
  worker_down: 'Worker down',
  coach_red_flag: 'Red flag from the coach',
  custom: 'Alert',
};

export function AlertRow({ alert: a, acknowledgedBy, busy, onAck }: { alert: AlertOut; acknowledgedBy: string; busy: boolean; onAck: () => void }) {
  return (
    <li className={`alert ${a.severity} ${a.acknowledgedAt ? 'acked' : 'open'}`} data-alert-id={a.id} aria-label={`alert ${ALERT_KIND_LABEL[a.kind]}`}>
      <div>
        <strong>{ALERT_KIND_LABEL[a.kind]}</strong> <span className={`pill ${a.severity === 'critical' ? 'bad' : ''}`}>{a.severity}</span>
        <span className="muted"> {new Date(a.at).toLocaleString()}{a.cameraId ? ` · ${a.cameraId}` : ''}{a.personId ? ` · #${a.personId.slice(0, 6)}` : ''}</span>
        <p>{a.message}</p>
      </div>
      {a.acknowledgedAt ? (
        <p className="acked-by" data-testid="acked-by">Acknowledged by {acknowledgedBy} at <time dateTime={a.acknowledgedAt}>{new Date(a.acknowledgedAt).toLocaleString()}</time></p>
      ) : (
        <button onClick={onAck} disabled={busy} aria-label={`acknowledge: ${a.message}`}>Acknowledge</button>
      )}
    </li>
  );
}
