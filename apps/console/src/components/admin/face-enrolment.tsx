/**
 * Face enrolment of one member: photos from files or the device camera → the workers' face detector finds the
 * face → the crop is shown for the admin to confirm → the workers' embedder computes the embedding in this
 * browser → `POST /api/members/:id/faces`. Photos never leave the browser; only embeddings do. A photo with no
 * face or several faces is refused with the reason. Needs the face-identification consent first.
 */
import { useRef, useState } from 'react';
import { apiClient } from '../../../../shared/api-client.ts';
import { useAction } from '../../hooks/use-console-data.ts';
import { useFaceModels, type FaceModels } from '../../hooks/use-face-models.ts';
import { CameraCapture } from './camera-capture.tsx';
import { FaceCandidateCard, type FaceCandidate } from './face-candidate-card.tsx';
import { confirmationCrop, faceVerdict } from './face-verdict.ts';

/** The server takes at most 20 embeddings per call (FacesBody). */
const MAX_PER_CALL = 20;
let seq = 0;

function cropUrl(image: ImageBitmap | HTMLCanvasElement, box: { x: number; y: number; w: number; h: number }): string {
  const r = confirmationCrop(box, image);
  const c = document.createElement('canvas');
  c.width = 128;
  c.height = 128;
  const side = Math.max(r.w, r.h);
  c.getContext('2d')!.drawImage(image, r.x + r.w / 2 - side / 2, r.y + r.h / 2 - side / 2, side, side, 0, 0, 128, 128);
  return c.toDataURL('image/jpeg', 0.85);
}

async function analyse(models: FaceModels, image: ImageBitmap | HTMLCanvasElement): Promise<Omit<FaceCandidate, 'id' | 'source'>> {
  const r = await models.analyse(image);
  const v = faceVerdict(r.faces);
  if (!v.ok || !r.embeddings[0]) return { state: 'refused', message: v.message, crop: null, embedding: null, confirmed: false };
  return { state: 'ok', message: v.message, crop: cropUrl(image, r.faces[0]!.box), embedding: Array.from(r.embeddings[0]), confirmed: false };
}

export function FaceEnrolment({ memberId, name, hasConsent }: { memberId: string; name: string; hasConsent: boolean }) {
  const { models, error: modelError } = useFaceModels(hasConsent);
  const [candidates, setCandidates] = useState<FaceCandidate[]>([]);
  const [camera, setCamera] = useState(false);
  const shots = useRef(0);
  const [done, setDone] = useState<string | null>(null);
  const enrol = useAction(apiClient.enrolFaces, [['audit']]);
  const update = (id: string, patch: Partial<FaceCandidate>) => setCandidates((l) => l.map((c) => (c.id === id ? { ...c, ...patch } : c)));

  const offer = async (source: string, image: () => Promise<ImageBitmap | HTMLCanvasElement>) => {
    if (!models) return;
    const id = `c${++seq}`;
    setDone(null);
    setCandidates((l) => [...l, { id, source, state: 'analysing', message: '', crop: null, embedding: null, confirmed: false }]);
    try {
      const img = await image();
      update(id, await analyse(models, img));
      if ('close' in img) img.close();
    } catch (e) {
      update(id, { state: 'refused', message: `Cannot read this photo: ${(e as Error).message}` });
    }
  };
  const onFiles = (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) void offer(f.name, () => createImageBitmap(f));
  };

  const confirmed = candidates.filter((c) => c.state === 'ok' && c.confirmed && c.embedding);
  const submit = () => {
    if (!models) return;
    enrol.mutate([memberId, models.embedder, confirmed.slice(0, MAX_PER_CALL).map((c) => c.embedding!)], {
      onSuccess: (r) => {
        setDone(`Enrolled ${r.enrolled} face${r.enrolled === 1 ? '' : 's'}; ${r.total} on file for ${name}.`);
        setCandidates([]);
      },
    });
  };

  if (!hasConsent)
    return (
      <section className="face-enrolment" aria-label="face enrolment">
        <h4>Face enrolment</h4>
        <p className="muted">Record the member’s <strong>face_identification</strong> consent above first: without it no face is enrolled.</p>
      </section>
    );
  return (
    <section className="face-enrolment" aria-label="face enrolment">
      <h4>Face enrolment</h4>
      <p className="muted">Photos stay in this browser: the face is found and turned into an embedding here, with the models the cameras use; only the embedding is stored.</p>
      {modelError && <p role="alert" className="error">{modelError}</p>}
      {!models && !modelError && <p className="muted" role="status">Loading the face models…</p>}
      <div className="inline-form">
        <label>Photos <input type="file" accept="image/*" multiple disabled={!models} onChange={(e) => { onFiles(e.target.files); e.target.value = ''; }} /></label>
        {!camera && <button onClick={() => setCamera(true)} disabled={!models}>Use the device camera</button>}
      </div>
      {camera && <CameraCapture onPhoto={(c) => void offer(`camera photo ${++shots.current}`, async () => c)} onClose={() => setCamera(false)} />}
      {candidates.length > 0 && (
        <ul className="face-candidates" aria-label="photos to enrol">
          {candidates.map((c) => (
            <FaceCandidateCard key={c.id} c={c} memberName={name} onConfirm={(v) => update(c.id, { confirmed: v })} onRemove={() => setCandidates((l) => l.filter((x) => x.id !== c.id))} />
          ))}
        </ul>
      )}
      <p>
        <button onClick={submit} disabled={confirmed.length === 0 || enrol.isPending}>
          Enrol {confirmed.length} confirmed face{confirmed.length === 1 ? '' : 's'}
        </button>
        {confirmed.length > MAX_PER_CALL && <span className="muted"> (the first {MAX_PER_CALL}; enrol the rest after)</span>}
      </p>
      {done && <p role="status" className="ok-text">{done}</p>}
      {enrol.error && <p role="alert" className="error">{(enrol.error as Error).message}</p>}
    </section>
  );
}
