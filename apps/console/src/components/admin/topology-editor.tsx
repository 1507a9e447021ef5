/**
 * Camera topology: which cameras a person can walk between and how long that typically takes (seconds), and
 * which views overlap (the same person may be on both at once). Identity uses it to tell people apart.
 */
import { useEffect, useState } from 'react';
import type { CameraAdmin, TopologyOut } from '@gym/shared';
import { cameraAdminClient } from '../../../../shared/camera-admin-client.ts';
import { useAction } from '../../hooks/use-console-data.ts';
import { useTopology } from '../../hooks/use-camera-admin.ts';

type Link = TopologyOut['links'][number];

export function TopologyEditor({ cameras }: { cameras: CameraAdmin[] }) {
  const topo = useTopology();
  const [links, setLinks] = useState<Link[]>([]);
  useEffect(() => setLinks(topo.data?.links ?? []), [topo.data]);
  const save = useAction(cameraAdminClient.setTopology, [['topology']]);
  const set = (i: number, l: Partial<Link>) => setLinks(links.map((x, j) => (j === i ? { ...x, ...l } : x)));
  const pick = (value: string, onChange: (v: string) => void, label: string) => (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
      {cameras.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.id})</option>)}
    </select>
  );
  return (
    <section aria-label="camera topology" className="editor">
      <h3>Camera topology</h3>
      <p className="help">
        One row per pair of cameras a person can walk between. Walk time: the shortest and longest plausible seconds
        from one view to the other. Tick “views overlap” when both cameras see the same floor.
        {topo.data?.source === 'config' && ' Shown now: the gym config file’s links; saving here replaces them.'}
      </p>
      <table className="table">
        <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Walk min (s)</th><th scope="col">Walk max (s)</th><th scope="col">Views overlap</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
        <tbody>
          {links.length === 0 && <tr><td colSpan={6} className="muted">No links: every camera is treated as unconnected to the others.</td></tr>}
          {links.map((l, i) => (
            <tr key={i} data-link={`${l.from}-${l.to}`}>
              <td>{pick(l.from, (v) => set(i, { from: v }), `from camera of link ${i + 1}`)}</td>
              <td>{pick(l.to, (v) => set(i, { to: v }), `to camera of link ${i + 1}`)}</td>
              <td><input type="number" min={0} step={1} value={l.minTransitS} aria-label={`minimum walk seconds of link ${i + 1}`} onChange={(e) => set(i, { minTransitS: Number(e.target.value) })} /></td>
              <td><input type="number" min={1} step={1} value={l.maxTransitS} aria-label={`maximum walk seconds of link ${i + 1}`} onChange={(e) => set(i, { maxTransitS: Number(e.target.value) })} /></td>
              <td><input type="checkbox" checked={l.overlap} aria-label={`views overlap for link ${i + 1}`} onChange={(e) => set(i, { overlap: e.target.checked })} /></td>
              <td><button type="button" aria-label={`remove link ${i + 1}`} onClick={() => setLinks(links.filter((_, j) => j !== i))}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={cameras.length < 2} onClick={() => setLinks([...links, { from: cameras[0]!.id, to: cameras[1]!.id, minTransitS: 0, maxTransitS: 60, overlap: false }])}>Add link</button>
      <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate([links])}>Save topology</button>
      {save.isSuccess && <span role="status" className="muted"> topology saved</span>}
      {save.error && <p role="alert" className="error">{(save.error as Error).message}</p>}
    </section>
  );
}
