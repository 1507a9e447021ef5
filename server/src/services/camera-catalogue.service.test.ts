import { describe, expect, it } from 'vitest';
import { parseGymConfig } from '@gym/shared/config/gym-config.ts';
import { effectiveGym } from './camera-catalogue.service.ts';
import type { CameraRow } from '../repositories/gyms.repository.ts';

const file = parseGymConfig({
  gym: { id: 'g', name: 'G' },
  cameras: [{ id: 'cam-a', name: 'A', rtspUrl: 'rtsp://h/a' }, { id: 'cam-b', name: 'B', rtspUrl: 'rtsp://h/b' }],
  zones: [{ id: 'za', name: 'Za', cameraId: 'cam-a', polygon: [[0, 0], [1, 0], [1, 1]] }, { id: 'zb', name: 'Zb', cameraId: 'cam-b', polygon: [[0, 0], [1, 0], [1, 1]] }],
  topology: { links: [{ from: 'cam-a', to: 'cam-b', overlap: true }] },
});
const row = (r: Partial<CameraRow> & { id: string }): CameraRow => ({ gymId: 'g', name: r.id, enabled: true, source: 'config', rtspUrl: null, transcode: 'auto', zones: null, homography: null, floorPoints: null, updatedAt: new Date(), createdAt: new Date(), ...r });

describe('effectiveGym', () => {
  it('keeps the file as it is when nothing was saved in the console', () => {
    const e = effectiveGym(file, [row({ id: 'cam-a' }), row({ id: 'cam-b' })], null);
    expect(e.cameras.map((c) => c.id)).toEqual(['cam-a', 'cam-b']);
    expect(e.zones.map((z) => z.id)).toEqual(['za', 'zb']);
    expect(e).toMatchObject({ topologySource: 'config', links: [{ from: 'cam-a', to: 'cam-b' }] });
  });
  it('adds console cameras, lays saved zones and homographies over the file per camera, and takes the saved topology', () => {
    const h = [2, 0, 0, 0, 2, 0, 0, 0, 1];
    const e = effectiveGym(
      file,
      [
        row({ id: 'cam-a', zones: [], homography: h }),
        row({ id: 'cam-b' }),
        row({ id: 'cam-c', source: 'console', rtspUrl: 'rtsp://u:p@h/c', zones: [{ id: 'zc', name: 'Zc', kind: 'exit', polygon: [[0, 0], [1, 0], [1, 1]] }] }),
        // A console row without a URL, or shadowed by a file camera of the same id, is not a camera.
        row({ id: 'cam-d', source: 'console' }),
        row({ id: 'cam-b', source: 'console', rtspUrl: 'rtsp://h/other' }),
      ],
      [{ from: 'cam-c', to: 'cam-a', minTransitS: 1, maxTransitS: 9, overlap: false }, { from: 'cam-c', to: 'cam-gone', minTransitS: 0, maxTransitS: 9, overlap: false }],
    );
    expect(e.cameras.map((c) => [c.id, c.rtspUrl])).toEqual([['cam-a', 'rtsp://h/a'], ['cam-b', 'rtsp://h/b'], ['cam-c', 'rtsp://u:p@h/c']]);
    expect(e.cameras[0]!.homography).toEqual(h);
    expect(e.zones.map((z) => [z.id, z.cameraId])).toEqual([['zb', 'cam-b'], ['zc', 'cam-c']]);
    expect(e.topologySource).toBe('console');
    expect(e.links.map((l) => `${l.from}-${l.to}`)).toEqual(['cam-c-cam-a']);
  });
});
