import { describe, expect, it } from 'vitest';
import { ModelsConfig } from '@gym/shared/config/gym-config.ts';
import { poseWorkerCount } from './pose-workers.ts';

describe('models.poseWorkers', () => {
  it('is off when absent, the number when given, cores − 1 (≤ 3) on wasm for auto, none on a GPU backend', () => {
    expect(poseWorkerCount(ModelsConfig.parse({}), { cores: 8 })).toBe(0);
    expect(poseWorkerCount(ModelsConfig.parse({ poseWorkers: 2 }), { cores: 2, backend: 'webgpu' })).toBe(2);
    const auto = ModelsConfig.parse({ poseWorkers: 'auto' });
    expect([1, 2, 4, 16].map((cores) => poseWorkerCount(auto, { cores, backend: 'wasm' }))).toEqual([0, 1, 3, 3]);
    expect(poseWorkerCount(auto, { cores: 4, detectorWorker: true })).toBe(2);
    expect(poseWorkerCount(auto, { cores: 8, backend: 'webgpu' })).toBe(0);
  });

  it('refuses values the page cannot use, naming the field', () => {
    for (const bad of [-1, 9, 1.5, 'all']) {
      const r = ModelsConfig.safeParse({ poseWorkers: bad });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]!.path).toEqual(['poseWorkers']);
    }
  });
});
