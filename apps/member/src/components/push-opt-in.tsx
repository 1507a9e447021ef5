/** Push notification opt-in: the server's VAPID key → the browser's push subscription → POST to the server. */
import { useEffect, useState } from 'react';
import { memberApi } from '../../../shared/api-client.ts';

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

type State = 'checking' | 'unsupported' | 'unavailable' | 'off' | 'on' | 'denied';

export function PushOptIn() {
  const [state, setState] = useState<State>('checking');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) return setState('unsupported');
    if (Notification.permission === 'denied') return setState('denied');
    void navigator.serviceWorker.getRegistration('/apps/member/').then(async (reg) => {
      const sub = await reg?.pushManager.getSubscription();
      setState(sub ? 'on' : 'off');
    });
  }, []);

  const turnOn = async () => {
    setError(null);
    try {
      const { publicKey } = await memberApi.vapidPublicKey().catch(() => {
        throw Object.assign(new Error('unavailable'), { unavailable: true });
      });
      if ((await Notification.requestPermission()) !== 'granted') return setState('denied');
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      const j = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      await memberApi.pushSubscribe({ endpoint: j.endpoint, keys: j.keys });
      setState('on');
    } catch (e) {
      if ((e as { unavailable?: boolean }).unavailable) setState('unavailable');
      else setError((e as Error).message);
    }
  };
  const turnOff = async () => {
    const reg = await navigator.serviceWorker.getRegistration('/apps/member/');
    const sub = await reg?.pushManager.getSubscription();
    if (sub) {
      await memberApi.pushUnsubscribe(sub.endpoint).catch(() => {});
      await sub.unsubscribe();
    }
    setState('off');
  };

  return (
    <div className="card push" data-testid="push">
      <h3>Notifications</h3>
      {state === 'checking' && <p className="muted">Checking…</p>}
      {state === 'unsupported' && <p className="muted">This browser cannot show notifications from the app. Add the app to your home screen first.</p>}
      {state === 'unavailable' && <p className="muted">The gym has not set up notifications yet.</p>}
      {state === 'denied' && <p className="muted">Notifications are blocked for this app in your browser settings.</p>}
      {state === 'off' && <button className="secondary" onClick={turnOn}>Tell me when my set summary is ready</button>}
      {state === 'on' && (
        <>
          <p>Notifications are on.</p>
          <button className="secondary" onClick={turnOff}>Turn off</button>
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
