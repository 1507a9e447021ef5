/** The device camera (getUserMedia) with a "Take photo" button; each photo is handed on as a canvas. */
import { useEffect, useRef, useState } from 'react';

export function CameraCapture({ onPhoto, onClose }: { onPhoto: (photo: HTMLCanvasElement) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let live = true;
    if (!navigator.mediaDevices) {
      setError('This browser gives no camera access here (it needs https, or localhost).');
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then((s) => {
        if (!live) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        if (video.current) video.current.srcObject = s;
      })
      .catch((e: Error) => setError(`No camera: ${e.message}`));
    return () => {
      live = false;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const take = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')!.drawImage(v, 0, 0);
    onPhoto(c);
  };

  return (
    <div className="camera-capture" role="group" aria-label="device camera">
      {error ? <p role="alert" className="error">{error}</p> : <video ref={video} autoPlay muted playsInline onLoadedData={() => setReady(true)} aria-label="camera preview" />}
      <p>
        <button onClick={take} disabled={!ready}>Take photo</button> <button onClick={onClose}>Close camera</button>
      </p>
    </div>
  );
}
