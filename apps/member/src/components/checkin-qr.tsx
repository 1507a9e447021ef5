/** A QR code to show at a check-in point: the person standing there becomes you. Renewed before it expires. */
import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode';
import { memberApi } from '../../../shared/api-client.ts';

export function CheckinQr() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      try {
        const { token, expiresInS } = await memberApi.checkinToken();
        if (canvas.current) await QRCode.toCanvas(canvas.current, token, { width: 240, margin: 1 });
        setReady(true);
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
    <div className="checkin">
      <canvas ref={canvas} aria-label="check-in QR code" hidden={!ready} />
      {ready && <p className="muted">Renews by itself.</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
