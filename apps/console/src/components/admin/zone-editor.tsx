/**
 * Zones of one camera drawn on its snapshot: pick a zone, click the picture to add a corner, drag corners, edit
 * or delete them in the list (keyboard), then save. Kinds: floor, members-only (unknown people raise an alert),
 * check-in spot, exit.
 */
import { useEffect, useState } from 'react';
import type { CameraAdmin, ZoneInput } from '@gym/shared';
import { cameraAdminClient } from '../../../../shared/camera-admin-client.ts';
import { useAction } from '../../hooks/use-console-data.ts';
import { SnapshotCanvas, type Pt } from './snapshot-canvas.tsx';

const KINDS: { id: ZoneInput['kind']; label: string; colour: string }[] = [
  { id: 'floor', label: 'Floor (training area)', colour: '#3fb950' },
  { id: 'members-only', label: 'Members only (alert on unknown people)', colour: '#f85149' },
  { id: 'checkin', label: 'Check-in spot', colour: '#58a6ff' },
  { id: 'exit', label: 'Exit', colour: '#d29922' },
];
const colour = (k: ZoneInput['kind']) => KINDS.find((x) => x.id === k)?.colour ?? '#fff';

export function ZoneEditor({ camera }: { camera: CameraAdmin }) {
  const [zones, setZones] = useState<ZoneInput[]>(camera.zones);
  const [sel, setSel] = useState(0);
  useEffect(() => setZones(camera.zones), [camera.id]);
  const save = useAction(cameraAdminClient.setZones, [['admin-cameras']]);
  const zone = zones[sel];
  const update = (i: number, z: Partial<ZoneInput>) => setZones(zones.map((x, j) => (j === i ? { ...x, ...z } : x)));
  const setPoint = (i: number, k: number, p: Pt) => update(i, { polygon: zones[i]!.polygon.map((q, j) => (j === k ? p : q)) });
  const addZone = () => {
    const n = zones.length + 1;
    setZones([...zones, { id: `${camera.id}-zone-${n}`, name: `Zone ${n}`, kind: 'floor', polygon: [] }]);
    setSel(zones.length);
  };
  return (
    <section aria-label={`zones of ${camera.id}`} className="editor">
      <h3>Zones on {camera.name}</h3>
      <p className="help">
        Choose a zone (or add one), then click the picture to place its corners in order; drag a corner to move it.
        A zone needs at least 3 corners. {camera.zonesSource === 'config' && camera.zones.length > 0 && 'These zones come from the gym config file; saving here replaces them for this camera.'}
      </p>
      <div className="editor-body">
        <SnapshotCanvas
          cameraId={camera.id}
          label={`zone drawing area of ${camera.id}`}
          onAdd={(p) => zone && update(sel, { polygon: [...zone.polygon, p] })}
          onMove={(h, p) => {
            const [zi, pi] = h.split(':').map(Number);
            setPoint(zi!, pi!, p);
          }}
        >
          {zones.map((z, i) => (
            <g key={i} opacity={i === sel ? 1 : 0.55}>
              <polygon points={z.polygon.map((p) => p.join(',')).join(' ')} fill={colour(z.kind)} fillOpacity={0.25} stroke={colour(z.kind)} strokeWidth={0.004} vectorEffect="non-scaling-stroke" />
              {i === sel && z.polygon.map((p, k) => <circle key={k} data-handle={`${i}:${k}`} cx={p[0]} cy={p[1]} r={0.012} fill="#fff" stroke={colour(z.kind)} strokeWidth={0.004} className="handle" />)}
            </g>
          ))}
        </SnapshotCanvas>
        <div className="editor-side">
          <label>Zone{' '}
            <select value={sel} onChange={(e) => setSel(Number(e.target.value))} aria-label="zone to edit">
              {zones.map((z, i) => <option key={i} value={i}>{z.name} ({z.polygon.length} corners)</option>)}
            </select>
          </label>
          <button type="button" onClick={addZone}>Add zone</button>
          {zone && (
            <fieldset>
              <legend>Selected zone</legend>
              <label>Name <input value={zone.name} onChange={(e) => update(sel, { name: e.target.value })} /></label>
              <label>Id <input value={zone.id} onChange={(e) => update(sel, { id: e.target.value })} aria-describedby="zone-id-help" /></label>
              <small id="zone-id-help" className="help">letters, digits, _ . : - (unique in the gym)</small>
              <label>Kind{' '}
                <select value={zone.kind} onChange={(e) => update(sel, { kind: e.target.value as ZoneInput['kind'] })}>
                  {KINDS.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
                </select>
              </label>
              <ol className="points" aria-label="corners">
                {zone.polygon.map((p, k) => (
                  <li key={k}>
                    <label>x <input type="number" step={0.01} min={0} max={1} value={p[0]} onChange={(e) => setPoint(sel, k, [Number(e.target.value), p[1]])} /></label>
                    <label>y <input type="number" step={0.01} min={0} max={1} value={p[1]} onChange={(e) => setPoint(sel, k, [p[0], Number(e.target.value)])} /></label>
                    <button type="button" aria-label={`delete corner ${k + 1}`} onClick={() => update(sel, { polygon: zone.polygon.filter((_, j) => j !== k) })}>✕</button>
                  </li>
                ))}
              </ol>
              <button type="button" onClick={() => { setZones(zones.filter((_, j) => j !== sel)); setSel(0); }}>Delete zone</button>
            </fieldset>
          )}
          <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate([camera.id, zones])}>Save zones</button>
          {save.isSuccess && <span className="muted" role="status"> zones saved</span>}
          {save.error && <p role="alert" className="error">{(save.error as Error).message}</p>}
        </div>
      </div>
    </section>
  );
}
