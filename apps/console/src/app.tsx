import { useEffect, useState } from 'react';
import './console.css';

interface Camera {
  id: string;
  name: string;
}

/** Staff console: cameras of the gym (live video and overlays arrive with the transport and perception parts). */
export function App() {
  const [cameras, setCameras] = useState<Camera[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const r = await fetch('/api/cameras');
        if (!r.ok) throw new Error(`server answered ${r.status}`);
        if (!stop) {
          setCameras((await r.json()) as Camera[]);
          setError(null);
        }
      } catch (e) {
        if (!stop) setError(`Cannot reach the server: ${(e as Error).message}. Retrying…`);
      }
    };
    void load();
    const t = setInterval(load, 5000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, []);

  return (
    <div className="console">
      <header>
        <h1>Smart Gym — staff console</h1>
      </header>
      {error && <p role="alert" className="error">{error}</p>}
      {cameras === null && !error && <p>Loading cameras…</p>}
      {cameras && cameras.length === 0 && <p>No cameras configured. Add one to the gym config file.</p>}
      <section className="cameras" aria-label="cameras">
        {cameras?.map((c) => (
          <article key={c.id} className="camera" data-camera-id={c.id}>
            <h2>{c.name}</h2>
            <p className="camera-id">{c.id}</p>
          </article>
        ))}
      </section>
    </div>
  );
}
