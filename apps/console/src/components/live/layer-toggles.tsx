/** Checkboxes that switch each overlay layer on and off (labelled, keyboard-reachable). */
import type { OverlayLayers } from './overlay-draw.ts';

const NAMES: Record<keyof OverlayLayers, string> = { boxes: 'Boxes', skeletons: 'Skeletons', ids: 'Person ids', names: 'Names', exercise: 'Exercise and reps', warnings: 'Form warnings', attention: 'Pose rate' };

export function LayerToggles({ layers, onChange, hold, onHold }: { layers: OverlayLayers; onChange: (l: OverlayLayers) => void; hold: boolean; onHold: (h: boolean) => void }) {
  return (
    <fieldset className="toggles">
      <legend>Overlay layers</legend>
      {(Object.keys(NAMES) as (keyof OverlayLayers)[]).map((k) => (
        <label key={k}>
          <input type="checkbox" checked={layers[k]} onChange={(e) => onChange({ ...layers, [k]: e.target.checked })} /> {NAMES[k]}
        </label>
      ))}
      <label title="Delay the picture by the analysis time so overlays are drawn on the frame they belong to">
        <input type="checkbox" checked={hold} onChange={(e) => onHold(e.target.checked)} /> Hold video for overlays
      </label>
    </fieldset>
  );
}
