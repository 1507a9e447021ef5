/**
 * A camera snapshot with an SVG layer in normalised image coordinates (0..1, like zones and boxes): a click on
 * empty space calls `onAdd`; handles made with `useDrag` follow the pointer. Used by the zone and floor editors.
 */
import { useRef, type ReactNode, type PointerEvent as RPointerEvent } from 'react';
import { useSnapshot } from '../../hooks/use-camera-admin.ts';

export type Pt = [number, number];
const clamp = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));

export function SnapshotCanvas({ cameraId, label, onAdd, onMove, children }: { cameraId: string; label: string; onAdd: (p: Pt) => void; onMove: (handle: string, p: Pt) => void; children: ReactNode }) {
  const snap = useSnapshot(cameraId);
  const svg = useRef<SVGSVGElement>(null);
  const dragging = useRef<string | null>(null);
  const unit = (e: { clientX: number; clientY: number }): Pt => {
    const r = svg.current!.getBoundingClientRect();
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
  };
  const down = (e: RPointerEvent<SVGSVGElement>) => {
    const handle = (e.target as Element).getAttribute('data-handle');
    if (handle) {
      dragging.current = handle;
      svg.current!.setPointerCapture(e.pointerId);
    } else onAdd(unit(e));
  };
  return (
    <div className="snapshot-canvas">
      <div className="snapshot-frame">
        {snap.url ? <img src={snap.url} alt={`snapshot of ${cameraId}`} draggable={false} /> : <div className="snapshot-missing">{snap.error ? `No snapshot: ${snap.error}` : 'Taking a snapshot…'}</div>}
        <svg
          ref={svg}
          role="img"
          aria-label={label}
          viewBox="0 0 1 1"
          preserveAspectRatio="none"
          onPointerDown={down}
          onPointerMove={(e) => dragging.current && onMove(dragging.current, unit(e))}
          onPointerUp={() => (dragging.current = null)}
        >
          {children}
        </svg>
      </div>
      <button type="button" onClick={snap.reload}>New snapshot</button>
      {snap.error && <p role="alert" className="error">{snap.error}</p>}
    </div>
  );
}
