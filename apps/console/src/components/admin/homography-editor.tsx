/**
 * The floor homography of one camera: mark four points on the floor in the snapshot (tile corners, tape marks)
 * and type where each lies on the gym's floor plan in metres; the server computes the 3×3 mapping the roster's
 * floor positions use. No three of the points may lie on one line.
 */
import { useEffect, useState } from 'react';
import type { CameraAdmin } from '@gym/shared';
import { cameraAdminClient } from '../../../../shared/camera-admin-client.ts';
import { useAction } from '../../hooks/use-console-data.ts';
import { SnapshotCanvas, type Pt } from './snapshot-canvas.tsx';

const COLOURS = ['#f85149', '#3fb950', '#58a6ff', '#d29922'];

export function HomographyEditor({ camera }: { camera: CameraAdmin }) {
  const [image, setImage] = useState<Pt[]>(camera.floorPoints?.image ?? []);
  const [floor, setFloor] = useState<Pt[]>(camera.floorPoints?.floor ?? [[0, 0], [5, 0], [5, 5], [0, 5]]);
  useEffect(() => {
    setImage(camera.floorPoints?.image ?? []);
    setFloor(camera.floorPoints?.floor ?? [[0, 0], [5, 0], [5, 5], [0, 5]]);
  }, [camera.id]);
  const save = useAction(cameraAdminClient.setHomography, [['admin-cameras']]);
  const setF = (i: number, k: 0 | 1, v: number) => setFloor(floor.map((p, j) => (j === i ? ((k === 0 ? [v, p[1]] : [p[0], v]) as Pt) : p)));
  return (
    <section aria-label={`floor homography of ${camera.id}`} className="editor">
      <h3>Floor position on {camera.name}</h3>
      <p className="help">
        Click four points on the floor in the picture (for example the corners of a mat), in order 1 → 4; drag to
        adjust. Then enter where each point is on the floor plan, in metres. No three points on one line.
      </p>
      <div className="editor-body">
        <SnapshotCanvas
          cameraId={camera.id}
          label={`floor point marking area of ${camera.id}`}
          onAdd={(p) => image.length < 4 && setImage([...image, p])}
          onMove={(h, p) => setImage(image.map((q, j) => (j === Number(h) ? p : q)))}
        >
          {image.length > 1 && <polygon points={image.map((p) => p.join(',')).join(' ')} fill="none" stroke="#fff" strokeDasharray="0.01" strokeWidth={0.003} vectorEffect="non-scaling-stroke" />}
          {image.map((p, i) => (
            <g key={i}>
              <circle data-handle={String(i)} cx={p[0]} cy={p[1]} r={0.014} fill={COLOURS[i]} stroke="#fff" strokeWidth={0.004} className="handle" />
              <text x={p[0] + 0.02} y={p[1] - 0.02} fontSize={0.04} fill="#fff" stroke="#000" strokeWidth={0.002}>{i + 1}</text>
            </g>
          ))}
        </SnapshotCanvas>
        <div className="editor-side">
          <table className="table" aria-label="floor points">
            <thead><tr><th scope="col">Point</th><th scope="col">In the picture</th><th scope="col">Floor x (m)</th><th scope="col">Floor y (m)</th></tr></thead>
            <tbody>
              {[0, 1, 2, 3].map((i) => (
                <tr key={i}>
                  <td><span className="dot" style={{ background: COLOURS[i] }} /> {i + 1}</td>
                  <td>{image[i] ? `${image[i]![0].toFixed(3)}, ${image[i]![1].toFixed(3)}` : <span className="muted">not marked</span>}</td>
                  <td><input type="number" step={0.1} aria-label={`floor x of point ${i + 1}`} value={floor[i]![0]} onChange={(e) => setF(i, 0, Number(e.target.value))} /></td>
                  <td><input type="number" step={0.1} aria-label={`floor y of point ${i + 1}`} value={floor[i]![1]} onChange={(e) => setF(i, 1, Number(e.target.value))} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setImage([])}>Clear marked points</button>
          <button type="button" className="primary" disabled={image.length !== 4 || save.isPending} onClick={() => save.mutate([camera.id, { image, floor }])}>Save floor mapping</button>
          {image.length !== 4 && <p className="help">{4 - image.length} more point(s) to mark.</p>}
          {save.isSuccess && <p role="status" className="muted">Saved: floor positions of people on this camera now use this mapping.</p>}
          {camera.homography && !save.isSuccess && <p className="muted">A mapping is set for this camera.</p>}
          {save.error && <p role="alert" className="error">{(save.error as Error).message}</p>}
        </div>
      </div>
    </section>
  );
}
