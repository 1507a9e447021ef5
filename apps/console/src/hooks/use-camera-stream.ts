/**
 * Live WebRTC video of one camera from capture-node's SFU, with a short-lived view grant from the server.
 * Gives the <video> ref, the stream state and the RTP receiver (the overlay tunes its playout delay).
 */
import { useEffect, useRef, useState } from 'react';
import { CameraStream, connectSignaling, loadDevice } from '../../../../web-perception/src/stream/index.ts';
import { apiClient } from '../../../shared/api-client.ts';

export function useCameraStream(cameraId: string, signalingUrl: string | null) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<string>(signalingUrl ? 'connecting' : 'no video');
  const [receiver, setReceiver] = useState<RTCRtpReceiver | null>(null);

  useEffect(() => {
    if (!signalingUrl) return;
    let closed = false;
    let cleanup = () => {};
    (async () => {
      try {
        const { token } = await apiClient.viewGrant(cameraId);
        if (closed) return;
        const socket = connectSignaling(signalingUrl, token);
        const device = await loadDevice(socket);
        const stream = new CameraStream(cameraId, socket, device, {
          onTrack: (track, rx) => {
            setReceiver(rx ?? null);
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
  }, [cameraId, signalingUrl]);

  return { video, state, receiver };
}
