import { useEffect, useRef, useState } from 'react';
import type { CameraHealth, GymEvent } from '@gym/shared';
import { CameraStream, connectSignaling, loadDevice } from '../../../web-perception/src/stream/index.ts';
import { api } from '../../shared/api.ts';

type PersonSeen = Extract<GymEvent, { type: 'person.seen' }>;

/**
 * One camera: live WebRTC video from capture-node's SFU (a short-lived, audited view grant from the server) with
 * the people the server currently sees drawn over it.
 */
export function CameraTile({ camera, signalingUrl, health, people }: { camera: { id: string; name: string }; signalingUrl: string | null; health: CameraHealth | null; people: PersonSeen[] }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<string>(signalingUrl ? 'connecting' : 'no video');
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);

  useEffect(() => {
    if (!signalingUrl) return;
    let closed = false;
    let cleanup = () => {};
    (async () => {
      try {
        const { token } = await api<{ token: string }>(`/api/cameras/${encodeURIComponent(camera.id)}/view`, { method: 'POST' });
        if (closed) return;
        const socket = connectSignaling(signalingUrl, token);
        const device = await loadDevice(socket);
        const stream = new CameraStream(camera.id, socket, device, {
          onTrack: (track) => {
            if (video.current) {
              video.current.srcObject = new MediaStream([track]);
              void video.current.play().catch(() => {});
            }
          },
          onState: (s, detail) => setState(detail ? `${s}: ${detail}` : s),
        });
        stream.start();
        cleanup = () => {
          stream.close();
          socket.close();
        };
      } catch (e) {
        setState(`video unavailable: ${(e as Error).message}`);
      }
    })();
    return () => {
      closed = true;
      cleanup();
    };
  }, [camera.id, signalingUrl]);

  const healthText = health ? `${health.state}${health.reason ? ` — ${health.reason}` : ''}` : 'unknown';
  return (
    <article className="camera" data-camera-id={camera.id} data-stream-state={state}>
      <div className="camera-head">
        <h2>{camera.name}</h2>
        <span className={`pill ${health?.state === 'live' ? 'ok' : health?.state === 'down' ? 'bad' : ''}`} title="camera health">{healthText}</span>
      </div>
      <div className="video-wrap">
        <video
          ref={video}
          muted
          playsInline
          autoPlay
          onResize={(e) => setSize({ w: e.currentTarget.videoWidth, h: e.currentTarget.videoHeight })}
          data-testid={`video-${camera.id}`}
        />
        <svg className="overlay" viewBox="0 0 1 1" preserveAspectRatio="none" aria-label="people in view">
          {people.map((p) => (
            <g key={p.personId}>
              <rect x={p.box.x} y={p.box.y} width={p.box.w} height={p.box.h} className="box" vectorEffect="non-scaling-stroke" />
            </g>
          ))}
        </svg>
      </div>
      <p className="camera-id">
        {camera.id} · {state}
        {size ? ` · ${size.w}×${size.h}` : ''} · {people.length} in view
      </p>
    </article>
  );
}
