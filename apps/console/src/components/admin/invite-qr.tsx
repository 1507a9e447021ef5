/** The member's join link as a link to copy and a QR code to scan at the desk (the `qrcode` encoder the member app uses). */
import { useEffect, useRef, useState } from 'react';
import QRCode from 'qrcode';

export function InviteQr({ url, expiresAt }: { url: string; expiresAt: string | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (canvas.current) QRCode.toCanvas(canvas.current, url, { width: 200, margin: 2 }).catch((e: Error) => setError(e.message));
  }, [url]);
  return (
    <div className="invite" data-testid="invite">
      <canvas ref={canvas} role="img" aria-label="join link as a QR code" data-testid="invite-qr" />
      <div>
        <p>Scan with the member’s phone, or send the link:</p>
        <p><a href={url} data-testid="invite-link">{url}</a></p>
        <p>
          <button onClick={() => void navigator.clipboard?.writeText(url)}>Copy link</button>
          {expiresAt && <span className="muted"> · valid until {new Date(expiresAt).toLocaleString()}, once</span>}
        </p>
        {error && <p role="alert" className="error">{error}</p>}
      </div>
    </div>
  );
}
