/**
 * One camera: live video with its overlay, camera state and analysed fps in the head, the overlay-to-frame
 * offset in the foot. `large` is the single-camera view; a tile is a button that opens it.
 */
import { useState } from 'react';
import type { CameraHealth, CameraSummary } from '@gym/shared';
import { useCameraStream } from '../../hooks/use-camera-stream.ts';
import { OverlayLayer, type OverlayStats } from './overlay-layer.tsx';
import type { OverlayLayers, PersonLabel } from './overlay-draw.ts';
import { fpsLabel, type CameraAnalysis } from '../health/camera-analysis.ts';

export function CameraTile(props: { camera: CameraSummary; signalingUrl: string | null; health: CameraHealth | null; analysis: CameraAnalysis | null; layers: OverlayLayers; hold: boolean; labelOf: (personId: string) => PersonLabel; large?: boolean; wall?: boolean; onOpen?: () => void }) {
  const { camera, health, analysis, large } = props;
  const { video, state, receiver } = useCameraStream(camera.id, props.signalingUrl);
  const [stats, setStats] = useState<OverlayStats | null>(null);
  const [size, setSize] = useState<string | null>(null);
  const healthText = health ? `${health.state}${health.reason ? ` — ${health.reason}` : ''}` : 'unknown';
  const offset = stats?.offsetMs;
  return (
    <article className={`camera${large ? ' large' : ''}${props.wall ? ' wall-tile' : ''}`} data-camera-id={camera.id} data-stream-state={state} aria-label={`camera ${camera.name}`}>
      <div className="camera-head">
        <h2>{props.onOpen ? <button className="link" onClick={props.onOpen} aria-label={`open ${camera.name} large`}>{camera.name}</button> : camera.name}</h2>
        <span className="fps" data-testid={`tile-fps-${camera.id}`} data-state={analysis?.state ?? 'none'} title={analysis ? `analysed frames per second (worker ${analysis.workerId}, ${analysis.backend})` : 'no perception worker has reported this camera yet'}>{fpsLabel(analysis)}</span>
        <span className={`pill ${health?.state === 'live' ? 'ok' : health?.state === 'down' ? 'bad' : ''}`} title="camera health">{healthText}</span>
      </div>
      <div className="video-area">
      <div className="video-wrap">
        <video ref={video} muted playsInline autoPlay aria-label={`live video of ${camera.name}`} data-testid={`video-${camera.id}`} onResize={(e) => setSize(`${e.currentTarget.videoWidth}×${e.currentTarget.videoHeight}`)} />
        <OverlayLayer video={video} cameraId={camera.id} layers={props.layers} receiver={receiver} hold={props.hold} labelOf={props.labelOf} onStats={setStats} />
      </div>
      </div>
      <p className="camera-foot">
        <span>{camera.id} · {state}{size ? ` · ${size}` : ''}</span>
        <span className="offset" data-testid={`offset-${camera.id}`} data-offset-ms={offset ?? ''} title="overlay-to-frame offset: median gap between a video frame's capture time and the analysed frame drawn on it">
          {offset === null || offset === undefined ? 'overlay: waiting for analysis' : `overlay offset ${Math.round(offset)} ms (${stats!.clock} clock, ${Math.round(stats!.matched * 100)}% of frames${stats!.holdMs ? `, video held ${stats!.holdMs} ms` : ''})`}
        </span>
      </p>
    </article>
  );
}
