/** One photo offered for enrolment: the face crop (or why there is none) and the admin's confirmation. */

export interface FaceCandidate {
  id: string;
  /** File name, or "camera photo N". */
  source: string;
  state: 'analysing' | 'ok' | 'refused';
  message: string;
  /** Data URL of the face crop shown for confirmation (only when exactly one face was found). */
  crop: string | null;
  embedding: number[] | null;
  confirmed: boolean;
}

export function FaceCandidateCard({ c, memberName, onConfirm, onRemove }: { c: FaceCandidate; memberName: string; onConfirm: (v: boolean) => void; onRemove: () => void }) {
  return (
    <li className={`face-candidate ${c.state}`} data-state={c.state} aria-label={`photo ${c.source}`}>
      {c.crop ? <img src={c.crop} alt={`face found in ${c.source}`} width={128} height={128} /> : <div className="face-placeholder" aria-hidden="true">{c.state === 'analysing' ? '…' : '✕'}</div>}
      <div>
        <p className="face-source">{c.source}</p>
        <p className={c.state === 'refused' ? 'error' : 'muted'} role={c.state === 'refused' ? 'alert' : undefined}>{c.state === 'analysing' ? 'Looking for a face…' : c.message}</p>
        {c.state === 'ok' && (
          <label>
            <input type="checkbox" checked={c.confirmed} onChange={(e) => onConfirm(e.target.checked)} /> This is {memberName}
          </label>
        )}
        <button className="link" onClick={onRemove} aria-label={`remove ${c.source}`}>Remove</button>
      </div>
    </li>
  );
}
