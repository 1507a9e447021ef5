/** Camera administration data (react-query on the camera admin client). */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { cameraAdminClient } from '../../../shared/camera-admin-client.ts';

export const useAdminCameras = () => useQuery({ queryKey: ['admin-cameras'], queryFn: cameraAdminClient.list, refetchInterval: 10_000 });
export const useTopology = () => useQuery({ queryKey: ['topology'], queryFn: cameraAdminClient.topology });

/** The camera's snapshot as an image URL; `reload()` takes a fresh one. */
export function useSnapshot(cameraId: string) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let gone = false;
    let made: string | null = null;
    setError(null);
    cameraAdminClient.snapshotUrl(cameraId).then(
      (u) => {
        made = u;
        if (gone) URL.revokeObjectURL(u);
        else setUrl(u);
      },
      (e: unknown) => !gone && setError((e as Error).message),
    );
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [cameraId, n]);
  return { url, error, reload: () => setN((x) => x + 1) };
}
