/**
 * Cameras admin: every camera with its state; add one from its RTSP URL (test first: codec, size, frame rate and
 * a snapshot, or why it fails), enable, disable or remove console cameras; then per camera its zones and floor
 * mapping, and the topology between cameras. Config-file cameras are shown read-only.
 */
import { useState, type FormEvent } from 'react';
import type { CameraProbeResult } from '@gym/shared';
import { cameraAdminClient } from '../../../../shared/camera-admin-client.ts';
import { useAction, useCameraHealth } from '../../hooks/use-console-data.ts';
import { useAdminCameras } from '../../hooks/use-camera-admin.ts';
import { ZoneEditor } from './zone-editor.tsx';
import { HomographyEditor } from './homography-editor.tsx';
import { TopologyEditor } from './topology-editor.tsx';
import './cameras-admin.css';

const REFRESH = [['admin-cameras'], ['cameras'], ['camera-health'], ['audit']];

export function CamerasAdmin() {
  const cameras = useAdminCameras();
  const health = useCameraHealth();
  const [selected, setSelected] = useState<{ id: string; tool: 'zones' | 'floor' } | null>(null);
  const update = useAction(cameraAdminClient.update, REFRESH);
  const remove = useAction(cameraAdminClient.remove, REFRESH);
  const list = cameras.data ?? [];
  const current = list.find((c) => c.id === selected?.id);
  const stateOf = (id: string) => health.data?.find((h) => h.cameraId === id);
  return (
    <div className="cameras-admin">
      <AddCamera />
      <table className="table" aria-label="cameras">
        <thead><tr><th scope="col">Camera</th><th scope="col">Source</th><th scope="col">RTSP URL</th><th scope="col">State</th><th scope="col">Zones</th><th scope="col">Floor mapping</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {list.map((c) => {
            const h = stateOf(c.id);
            return (
              <tr key={c.id} data-camera-id={c.id}>
                <td>{c.name}<br /><small className="muted">{c.id}</small></td>
                <td>{c.source === 'config' ? <span title="defined in the gym config file; change it there">config file</span> : 'console'}</td>
                <td><code>{c.rtspUrl}</code></td>
                <td>{!c.enabled ? <span className="muted">disabled</span> : h ? <span className={`state state-${h.state}`}>{h.state}{h.reason ? `: ${h.reason}` : ''}</span> : <span className="muted">unknown</span>}</td>
                <td>{c.zones.length}</td>
                <td>{c.homography ? 'set' : <span className="muted">not set</span>}</td>
                <td className="actions">
                  <button onClick={() => setSelected({ id: c.id, tool: 'zones' })} aria-label={`edit zones of ${c.id}`}>Zones</button>
                  <button onClick={() => setSelected({ id: c.id, tool: 'floor' })} aria-label={`floor mapping of ${c.id}`}>Floor</button>
                  {c.source === 'console' && (
                    <>
                      <button onClick={() => update.mutate([c.id, { enabled: !c.enabled }])} aria-label={`${c.enabled ? 'disable' : 'enable'} ${c.id}`}>{c.enabled ? 'Disable' : 'Enable'}</button>
                      <button onClick={() => window.confirm(`Remove camera ${c.name}? Its video stops at once.`) && remove.mutate([c.id])} aria-label={`remove ${c.id}`}>Remove</button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {(update.error || remove.error) && <p role="alert" className="error">{((update.error ?? remove.error) as Error).message}</p>}
      {current && selected?.tool === 'zones' && <ZoneEditor key={current.id} camera={current} />}
      {current && selected?.tool === 'floor' && <HomographyEditor key={current.id} camera={current} />}
      <TopologyEditor cameras={list} />
    </div>
  );
}

function AddCamera() {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [probe, setProbe] = useState<CameraProbeResult | null>(null);
  const test = useAction(cameraAdminClient.test, [['audit']]);
  const add = useAction(cameraAdminClient.add, REFRESH);
  const runTest = () => {
    setProbe(null);
    test.mutate([url], { onSuccess: setProbe });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate([{ id, name, rtspUrl: url, transcode: 'auto' }], { onSuccess: () => { setId(''); setName(''); setUrl(''); setProbe(null); } });
  };
  return (
    <form onSubmit={submit} aria-label="add camera" className="add-camera">
      <h3>Add a camera</h3>
      <div className="inline-form">
        <label>Id <input value={id} onChange={(e) => setId(e.target.value)} required pattern="[A-Za-z0-9_.:\-]{1,64}" placeholder="cam-door" aria-describedby="cam-id-help" /></label>
        <label>Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} placeholder="Front door" /></label>
        <label className="wide">RTSP URL <input value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="rtsp://user:password@192.168.1.20:554/stream1" aria-describedby="cam-url-help" autoComplete="off" spellCheck={false} /></label>
      </div>
      <p className="help"><span id="cam-id-help">Id: letters, digits, _ . : - (used in links and grants).</span> <span id="cam-url-help">The URL is kept as a secret: only its user name is shown after saving.</span></p>
      <button type="button" onClick={runTest} disabled={!url || test.isPending}>{test.isPending ? 'Testing… (up to 5 s)' : 'Test connection'}</button>
      <button type="submit" className="primary" disabled={add.isPending}>Save camera</button>
      {test.error && <p role="alert" className="error">{(test.error as Error).message}</p>}
      {probe && !probe.ok && <p role="alert" className="error" data-probe="failed">Camera test failed: {probe.error}</p>}
      {probe?.ok && (
        <div className="probe-result" data-probe="ok" role="status">
          <p>Camera answers: <strong>{probe.codec.toUpperCase()}</strong> {probe.width}×{probe.height}{probe.fps ? ` at ${probe.fps} fps` : ''}</p>
          {probe.snapshot ? <img src={probe.snapshot} alt="snapshot from the tested camera" /> : <p className="muted">(no snapshot could be taken)</p>}
        </div>
      )}
      {add.error && <p role="alert" className="error">{(add.error as Error).message}</p>}
      {add.isSuccess && <p role="status" className="muted">Camera saved: it appears in the live grid within a few seconds.</p>}
    </form>
  );
}
