import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode';
import { api } from '../../shared/api.ts';

/** A QR code to scan at a check-in point: the person standing there becomes you. Refreshed before it expires. */
export function CheckinView() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [expiresAt, setExpiresAt] = useState<number | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      try {
        const { token, expiresInS } = await api<{ token: string; expiresInS: number }>('/api/me/checkin-token', { method: 'POST' });
        if (canvas.current) await QRCode.toCanvas(canvas.current, token, { width: 260, margin: 1 });
        setExpiresAt(Date.now() + expiresInS * 1000);
        setError(null);
        timer = setTimeout(refresh, Math.max(5, expiresInS - 15) * 1000);
      } catch (e) {
        setError((e as Error).message);
        timer = setTimeout(refresh, 10_000);
      }
    };
    void refresh();
    return () => clearTimeout(timer);
  }, []);

  return (
    <section className="checkin" aria-label="check in">
      <p>Show this code at the check-in point and stay on the marked spot for a moment.</p>
      <canvas ref={canvas} aria-label="check-in QR code" />
      {expiresAt && <p className="muted">Renews automatically.</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
